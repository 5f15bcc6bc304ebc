#r "../artifacts/bin/RnnLabs.Interactive/release/RnnLabs.dll"
#r "../artifacts/bin/RnnLabs.Interactive/release/RnnLabs.Interactive.dll"
using RnnLabs.Tensors; using RnnLabs.Layers; using RnnLabs.Recurrent; using RnnLabs.Losses; using RnnLabs.Optim;
using RnnLabs.Init; using RnnLabs.Training; using RnnLabs.Diagnostics; using RnnLabs.Data; using RnnLabs.Metrics;
using RnnLabs.Interactive;
Notebook.Setup()
