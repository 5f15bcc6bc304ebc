/* std::ios_base_library_init(), new in GCC 13's libstdc++: it only makes sure iostreams are initialised, which
   libtorch's own static initialisers already do. libLibTorchSharp.so (TorchSharp 0.107) references it; hosts whose
   libstdc++ predates GCC 13 (Debian 12) load this empty definition instead. */
void _ZSt21ios_base_library_initv(void) {}
