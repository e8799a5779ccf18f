namespace Modelplane.Hosting.Specs.Reading;

/// <summary>Reads Kubernetes containers and pod specs, keeping what a local process or a published Deployment needs.</summary>
internal static class ContainerReader
{
    // The container of KServe's predictor when a pod has several (its other containers are sidecars).
    public const string ServingContainerName = "kserve-container";

    private const string NoEffectHere = "has no effect when Modelplane runs the component locally, and is not published";

    private static readonly string[] ContainerFieldsWithoutEffect =
    [
        "imagePullPolicy", "workingDir", "volumeMounts", "volumeDevices", "livenessProbe", "readinessProbe", "startupProbe",
        "lifecycle", "securityContext", "terminationMessagePath", "terminationMessagePolicy", "stdin", "stdinOnce", "tty",
        "resizePolicy", "restartPolicy",
    ];

    private static readonly string[] PodFieldsWithoutEffect =
    [
        "serviceAccountName", "serviceAccount", "automountServiceAccountToken", "nodeSelector", "nodeName", "affinity",
        "tolerations", "volumes", "imagePullSecrets", "initContainers", "securityContext", "priorityClassName", "priority",
        "runtimeClassName", "schedulerName", "hostNetwork", "hostPID", "hostIPC", "hostAliases", "hostname", "subdomain",
        "dnsPolicy", "dnsConfig", "restartPolicy", "terminationGracePeriodSeconds", "activeDeadlineSeconds",
        "topologySpreadConstraints", "shareProcessNamespace", "enableServiceLinks", "preemptionPolicy", "overhead",
        "readinessGates", "ephemeralContainers", "os", "setHostnameAsFQDN", "schedulingGates", "resourceClaims",
    ];

    /// <summary>
    /// Reads the fields of a Kubernetes container from <paramref name="map"/>, which may be a container of its own or a
    /// mapping that inlines one (KServe's <c>model:</c> and framework specs). Null when it names nothing to run.
    /// </summary>
    public static ContainerSpec? ReadContainerFields(YamlMap map, ComponentScope scope)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(scope);
        map.Accept("name");
        foreach (var field in ContainerFieldsWithoutEffect)
        {
            map.Note(field, NoEffectHere);
        }

        map.Warn("envFrom", "environment from config maps or secrets is not read here; list the variables under env with their values");
        scope.Locate(SpecField.Image, map, "image");
        scope.Locate(SpecField.Args, map, "args");
        var image = map.String("image");
        var command = map.Strings("command") ?? [];
        var args = map.Strings("args") ?? [];
        var env = ReadEnv(map);
        var port = map.Maps("ports").Select(p => ReadPort(p)).FirstOrDefault();
        return image is null && command.Count == 0 && args.Count == 0 && env.Count == 0 && port is null
            ? null
            : new ContainerSpec { Image = image, Command = command, Args = args, Env = env, Port = port };
    }

    /// <summary>Reads a <c>resources</c> field: CPU and memory requests and limits and a GPU count.</summary>
    public static ResourceSpec ReadResources(YamlMap parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (parent.Map("resources") is not { } resources)
        {
            return new ResourceSpec();
        }

        var requests = ReadResourceList(resources.Map("requests"));
        var limits = ReadResourceList(resources.Map("limits"));
        resources.Note("claims", NoEffectHere);
        resources.ReportUnknown("resources");
        return new ResourceSpec
        {
            CpuRequest = requests.Cpu,
            CpuLimit = limits.Cpu,
            MemoryRequest = requests.Memory,
            MemoryLimit = limits.Memory,
            Gpus = limits.Gpus ?? requests.Gpus,
        };
    }

    /// <summary>Notes the pod-level fields of <paramref name="pod"/> (they have no effect here) and returns its containers.</summary>
    public static IReadOnlyList<YamlMap> ReadPod(YamlMap pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        foreach (var field in PodFieldsWithoutEffect)
        {
            pod.Note(field, NoEffectHere);
        }

        return pod.Maps("containers");
    }

    /// <summary>
    /// The container that serves, as KServe picks it: the one named <see cref="ServingContainerName"/>, else the first
    /// unless the component names its server otherwise (<paramref name="serverNamedOtherwise"/>). The others are
    /// sidecars, which do not run here, and are warned about.
    /// </summary>
    public static YamlMap? PickServing(IReadOnlyList<YamlMap> containers, string owner, bool serverNamedOtherwise)
    {
        ArgumentNullException.ThrowIfNull(containers);
        var named = containers.FirstOrDefault(c => string.Equals(c.String("name"), ServingContainerName, StringComparison.Ordinal));
        var serving = named ?? (serverNamedOtherwise || containers.Count == 0 ? null : containers[0]);
        foreach (var sidecar in containers.Where(c => c != serving))
        {
            sidecar.Document.Warning(sidecar.Line, sidecar.Path, $"sidecar containers of a {owner} do not run here (only its serving container is replaced by a Modelplane server); this one is ignored");
        }

        return serving;
    }

    private static EquatableDictionary ReadEnv(YamlMap map)
    {
        var values = new List<KeyValuePair<string, string>>();
        foreach (var variable in map.Maps("env"))
        {
            var name = variable.RequiredString("name", "name the variable, e.g. name: STORAGE_URI");
            var value = variable.String("value");
            if (variable.Has("valueFrom"))
            {
                variable.Warn("valueFrom", "values from secrets, config maps or fields are not read here; give the value itself under value");
            }
            else if (name is not null)
            {
                values.Add(new(name, value ?? string.Empty));
            }

            variable.ReportUnknown("an environment variable");
        }

        return EquatableDictionary.From(values);
    }

    private static int? ReadPort(YamlMap port)
    {
        port.Accept("name", "protocol", "hostPort", "hostIP");
        var number = port.Int("containerPort", 1, 65535);
        if (number is null && !port.Has("containerPort"))
        {
            port.Missing("containerPort", "give the port the server listens on, e.g. containerPort: 8080");
        }

        port.ReportUnknown("a container port");
        return number;
    }

    private static (string? Cpu, string? Memory, int? Gpus) ReadResourceList(YamlMap? list)
    {
        if (list is null)
        {
            return default;
        }

        var cpu = Quantity(list, "cpu");
        var memory = Quantity(list, "memory");
        var gpus = list.Int("nvidia.com/gpu", quotedAllowed: true) ?? list.Int("amd.com/gpu", quotedAllowed: true);
        list.Note("ephemeral-storage", NoEffectHere);
        list.ReportUnknown("a resource list (cpu, memory, nvidia.com/gpu)");
        return (cpu, memory, gpus);
    }

    private static string? Quantity(YamlMap list, string key)
    {
        var text = list.String(key);
        if (text is not null && !KubernetesQuantity.IsValid(text))
        {
            list.Error(key, $"'{text}' is not a Kubernetes quantity; write e.g. {(key == "cpu" ? "500m or 2" : "512Mi or 2Gi")}");
            return null;
        }

        return text;
    }
}
