#!/usr/bin/env python3
"""Make TorchSharp's native wrapper load on hosts whose libstdc++ predates GCC 13 (e.g. Debian 12).

libLibTorchSharp.so from TorchSharp 0.107.0 needs GLIBCXX_3.4.32 for exactly one symbol,
std::ios_base_library_init() (_ZSt21ios_base_library_initv). On a host whose libstdc++ lacks that version, every
copy of the library under the given build-output folder is patched in place (never the NuGet cache):

1. the symbol's version requirement is cleared (patchelf --clear-symbol-version);
2. a one-function library defining the symbol (ios_base_library_init.c, built with gcc) is placed beside it and
   added as a NEEDED entry (the wrapper's RUNPATH already starts with $ORIGIN, so it is found there);
3. the GLIBCXX_3.4.32 entry of .gnu.version_r is marked VER_FLG_WEAK, so the loader no longer insists on it.

Hosts whose libstdc++ has GLIBCXX_3.4.32 (Ubuntu 24.04, the dev container) are left untouched. Running it again
is a no-op: a patched copy already lists the stub as NEEDED. To undo, delete the build output (or rebuild: MSBuild
copies the original library again and this script patches it again only where needed).

Usage: patch_libtorchsharp.py OUTPUT_DIR
"""

import os
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

SYMBOL = "_ZSt21ios_base_library_initv"
VERSION = b"GLIBCXX_3.4.32"
STUB = "libios_base_library_init_compat.so"
HERE = Path(__file__).resolve().parent

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def host_libstdcxx() -> Path | None:
    """The libstdc++.so.6 the dynamic loader would pick, from ldconfig's cache."""
    listing = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False).stdout
    for line in listing.splitlines():
        if line.strip().startswith("libstdc++.so.6 ") and "x86-64" in line:
            return Path(line.rsplit("=>", 1)[1].strip())
    return None


def host_has_version() -> bool:
    library = host_libstdcxx()
    return library is not None and VERSION in library.read_bytes()


def require_tool(name: str) -> None:
    if shutil.which(name) is None:
        sys.exit(f"patch_libtorchsharp: '{name}' is needed to make TorchSharp load on this host "
                 f"(its libstdc++ lacks {VERSION.decode()}); install it: apt-get install patchelf gcc, or ./course setup")


def mark_version_weak(path: Path) -> bool:
    """Sets VER_FLG_WEAK on the GLIBCXX_3.4.32 vernaux entry of an ELF64 little-endian file; True if found."""
    data = bytearray(path.read_bytes())
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit(f"patch_libtorchsharp: {path} is not a little-endian ELF64 file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    for _, sh_type, _, _, offset, _, link, info, _, _ in sections:
        if sh_type != SHT_GNU_VERNEED:
            continue
        strtab_offset = sections[link][4]
        need = offset
        for _ in range(info):
            _, count, _, aux_offset, next_need = struct.unpack_from("<HHIII", data, need)
            aux = need + aux_offset
            for _ in range(count):
                _, flags, _, name, next_aux = struct.unpack_from("<IHHII", data, aux)
                start = strtab_offset + name
                if bytes(data[start:data.index(0, start)]) == VERSION:
                    struct.pack_into("<H", data, aux + 4, flags | VER_FLG_WEAK)
                    path.write_bytes(data)
                    return True
                aux += next_aux
            need += next_need
    return False


def build_stub(folder: Path) -> None:
    target = folder / STUB
    if not target.exists():
        subprocess.run(["gcc", "-shared", "-fPIC", "-O2", "-o", str(target), str(HERE / "ios_base_library_init.c")], check=True)


def patch(library: Path) -> str:
    needed = subprocess.run(["patchelf", "--print-needed", str(library)], capture_output=True, text=True, check=True).stdout
    if STUB in needed.split():
        return "already patched"
    build_stub(library.parent)
    # Patch a private copy and move it over the original: a hard-linked output file never reaches its source.
    with tempfile.NamedTemporaryFile(dir=library.parent, prefix=".patching-", delete=False) as handle:
        temporary = Path(handle.name)
    try:
        shutil.copy2(library, temporary)
        subprocess.run(["patchelf", "--clear-symbol-version", SYMBOL, str(temporary)], check=True)
        subprocess.run(["patchelf", "--add-needed", STUB, str(temporary)], check=True)
        if not mark_version_weak(temporary):
            return f"no {VERSION.decode()} requirement found: left as it was"
        os.replace(temporary, library)
    finally:
        temporary.unlink(missing_ok=True)
    return "patched"


def main(arguments: list[str]) -> int:
    if len(arguments) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    output = Path(arguments[0])
    libraries = sorted(output.glob("**/libLibTorchSharp.so"))
    if not libraries:
        return 0
    if host_has_version():
        print(f"patch_libtorchsharp: host libstdc++ has {VERSION.decode()}; TorchSharp loads as shipped")
        return 0
    require_tool("patchelf")
    require_tool("gcc")
    for library in libraries:
        print(f"patch_libtorchsharp: {library}: {patch(library)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
