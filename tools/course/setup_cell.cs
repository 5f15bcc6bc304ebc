#r "../artifacts/bin/RnnLabs.Interactive/release/RnnLabs.dll"
#r "../artifacts/bin/RnnLabs.Interactive/release/RnnLabs.Interactive.dll"
using RnnLabs.Interactive;
Notebook.Setup()
