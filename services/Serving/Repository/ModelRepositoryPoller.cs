using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Modelplane.Serving.Hosting;

namespace Modelplane.Serving.Repository;

/// <summary>In <c>poll</c> mode, looks at the repository every <c>Serving:RepositoryPollSeconds</c> once the start-up load is done.</summary>
internal sealed partial class ModelRepositoryPoller(
    ModelRepositoryController controller,
    ServingReadiness readiness,
    IOptions<ServingOptions> options,
    ILogger<ModelRepositoryPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (controller.Mode != ModelControlMode.Poll)
        {
            return;
        }

        await readiness.WaitForInitialLoadAsync(stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.RepositoryPollSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await controller.PollAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPollFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "looking at the model repository failed; the models loaded keep serving")]
    private partial void LogPollFailed(Exception exception);
}
