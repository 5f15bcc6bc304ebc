using System.Diagnostics;

namespace RnnLabs.Kernels;

/// <summary>Work split into parts that can run on different threads at once.</summary>
internal interface IPartitionedWork
{
    /// <summary>Does part <paramref name="part"/> of <paramref name="parts"/>; parts never overlap in what they write.</summary>
    void Run(int part, int parts);
}

/// <summary>
/// Runs the parts of one <see cref="IPartitionedWork"/> on the calling thread (part 0) and on long-lived worker
/// threads (parts 1 ..), and returns when all are done. Built for the recurrent time loop, which hands out a product
/// every few tens of microseconds: after a part a worker spins briefly for the next one before it sleeps, so a
/// hand-off costs about a microsecond instead of a thread wake-up, and nothing is allocated per call.
/// </summary>
internal static class ForkJoin
{
    private static readonly object Growing = new();
    private static Worker[] _workers = [];
    private static int _busy;

    /// <summary>Claims the workers for one call; false when another thread holds them (run alone then).</summary>
    public static bool TryAcquire() => Interlocked.CompareExchange(ref _busy, 1, 0) == 0;

    /// <summary>Gives the workers back after <see cref="Run"/>.</summary>
    public static void Release() => Volatile.Write(ref _busy, 0);

    /// <summary>Runs every part of <paramref name="work"/>; the caller must hold the workers (<see cref="TryAcquire"/>).</summary>
    public static void Run(IPartitionedWork work, int parts)
    {
        var workers = Workers(parts - 1);
        for (int w = 1; w < parts; w++)
        {
            workers[w - 1].Post(work, w, parts);
        }

        Exception? error = null;
        try
        {
            work.Run(0, parts);
        }
        finally
        {
            for (int w = 1; w < parts; w++)
            {
                error ??= workers[w - 1].Join();
            }
        }

        if (error is not null)
        {
            throw new InvalidOperationException("a kernel worker thread failed", error);
        }
    }

    private static Worker[] Workers(int count)
    {
        var workers = Volatile.Read(ref _workers);
        if (workers.Length >= count)
        {
            return workers;
        }

        lock (Growing)
        {
            if (_workers.Length < count)
            {
                var grown = new Worker[count];
                Array.Copy(_workers, grown, _workers.Length);
                for (int w = _workers.Length; w < count; w++)
                {
                    grown[w] = new Worker(w + 1);
                }

                Volatile.Write(ref _workers, grown);
            }

            return _workers;
        }
    }

    /// <summary>One worker thread: waits for a posted part, runs it, reports done.</summary>
    private sealed class Worker
    {
        /// <summary>How long a worker spins for the next part before it blocks (the gap between two steps' products).</summary>
        private static readonly long SpinTicks = Stopwatch.Frequency / 20_000;

        private readonly SemaphoreSlim _wake = new(0);
        private IPartitionedWork? _work;
        private int _part;
        private int _parts;
        private int _posted;
        private int _completed;
        private int _sleeping;
        private Exception? _error;

        public Worker(int index)
        {
            new Thread(Loop) { IsBackground = true, Name = $"RnnLabs kernel worker {index}" }.Start();
        }

        public void Post(IPartitionedWork work, int part, int parts)
        {
            _work = work;
            _part = part;
            _parts = parts;
            Interlocked.Increment(ref _posted);
            if (Interlocked.Exchange(ref _sleeping, 0) == 1)
            {
                _wake.Release();
            }
        }

        public Exception? Join()
        {
            var spinner = new SpinWait();
            int posted = Volatile.Read(ref _posted);
            while (Volatile.Read(ref _completed) != posted)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }

            var error = _error;
            _error = null;
            return error;
        }

        private void Loop()
        {
            int seen = 0;
            while (true)
            {
                WaitForPost(seen);
                seen++;
                try
                {
                    _work!.Run(_part, _parts);
                }
                catch (Exception e)
                {
                    _error = e;
                }

                _work = null;
                Volatile.Write(ref _completed, seen);
            }
        }

        private void WaitForPost(int seen)
        {
            long start = Stopwatch.GetTimestamp();
            while (Volatile.Read(ref _posted) == seen)
            {
                if (Stopwatch.GetTimestamp() - start < SpinTicks)
                {
                    Thread.SpinWait(20);
                    continue;
                }

                // Announce the sleep, then look once more: a Post that saw the flag releases the semaphore, and one
                // that came first is seen here (and its release, if it took the flag, is consumed).
                Interlocked.Exchange(ref _sleeping, 1);
                if (Volatile.Read(ref _posted) != seen)
                {
                    if (Interlocked.Exchange(ref _sleeping, 0) == 0)
                    {
                        _wake.Wait();
                    }

                    return;
                }

                _wake.Wait();
            }
        }
    }
}
