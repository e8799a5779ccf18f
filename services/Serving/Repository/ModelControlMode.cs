namespace Modelplane.Serving.Repository;

/// <summary>How models come and go, as Triton's <c>--model-control-mode</c> has it.</summary>
public enum ModelControlMode
{
    /// <summary>Every model in the repository is loaded at start; the repository API may not load or unload.</summary>
    None,

    /// <summary>As <see cref="None"/>, and the repository is watched: new versions load and swap in, removed ones unload.</summary>
    Poll,

    /// <summary>Only <c>Serving:StartupModels</c> load at start; the rest come and go through the repository API.</summary>
    Explicit,
}
