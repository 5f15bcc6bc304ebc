namespace RnnLabs.Benchmarks;

/// <summary>
/// Names the CPU a table ran on. Hypervisors often show a generic model name ("Intel(R) Xeon(R) Processor"), so the
/// family/model numbers, the microarchitecture they stand for (for the ones seen on these machines) and the cache
/// sizes are added: they decide which blocking fits in L1 and L2, and a reader comparing tables needs to know them.
/// </summary>
internal static class CpuDescription
{
    /// <summary>(vendor, family, model) → microarchitecture, for the CPUs these sessions have run on.</summary>
    private static readonly Dictionary<(string Vendor, int Family, int Model), string> Known = new()
    {
        [("GenuineIntel", 6, 85)] = "Skylake-SP / Cascade Lake",
        [("GenuineIntel", 6, 143)] = "Sapphire Rapids",
        [("GenuineIntel", 6, 207)] = "Emerald Rapids",
        [("AuthenticAMD", 25, 1)] = "Zen 3 (Milan)",
    };

    /// <summary>e.g. "Intel(R) Xeon(R) Processor (family 6, model 207: Emerald Rapids; L1d 48K, L2 2048K, L3 266240K)".</summary>
    public static string Describe()
    {
        var fields = File.Exists("/proc/cpuinfo") ? FirstProcessor(File.ReadLines("/proc/cpuinfo")) : [];
        string name = fields.GetValueOrDefault("model name") ?? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
        var details = new List<string>();
        if (int.TryParse(fields.GetValueOrDefault("cpu family"), out int family) && int.TryParse(fields.GetValueOrDefault("model"), out int model))
        {
            string vendor = fields.GetValueOrDefault("vendor_id") ?? "";
            details.Add(Known.TryGetValue((vendor, family, model), out string? architecture)
                ? $"family {family}, model {model}: {architecture}"
                : $"family {family}, model {model}");
        }

        string caches = Caches();
        if (caches.Length > 0)
        {
            details.Add(caches);
        }

        return details.Count == 0 ? name : $"{name} ({string.Join("; ", details)})";
    }

    /// <summary>The "key : value" lines of the first processor in /proc/cpuinfo.</summary>
    private static Dictionary<string, string> FirstProcessor(IEnumerable<string> lines)
    {
        var fields = new Dictionary<string, string>();
        foreach (string line in lines.TakeWhile(l => l.Length > 0))
        {
            int colon = line.IndexOf(':');
            if (colon > 0)
            {
                fields.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
        }

        return fields;
    }

    /// <summary>"L1d 48K, L2 2048K, L3 266240K" from cpu0's cache directories in sysfs (empty where there are none).</summary>
    private static string Caches()
    {
        const string root = "/sys/devices/system/cpu/cpu0/cache";
        if (!Directory.Exists(root))
        {
            return "";
        }

        var caches = new List<string>();
        foreach (string index in Directory.GetDirectories(root, "index*").Order(StringComparer.Ordinal))
        {
            string Read(string file) => File.Exists(Path.Combine(index, file)) ? File.ReadAllText(Path.Combine(index, file)).Trim() : "";
            string type = Read("type");
            if (type != "Instruction")
            {
                caches.Add($"L{Read("level")}{(type == "Data" ? "d" : "")} {Read("size")}");
            }
        }

        return string.Join(", ", caches);
    }
}
