package dev.vigil.services;

import dev.vigil.core.config.ClusterConfig;
import dev.vigil.core.service.Service;
import dev.vigil.core.stats.ControllerProbeStats;
import dev.vigil.core.time.MicroClock;
import dev.vigil.services.probe.ControllerProbe;

/** The {@link ControllerProbe} as a monitor's optional probe: it works through the monitor's admin client. */
record OptionalControllerProbe(ClusterConfig config, ControllerProbeStats stats, MicroClock clock)
        implements OptionalProbe {

    @Override
    public String kind() {
        return "controller";
    }

    @Override
    public Service start(Start start) {
        ControllerProbe controller = new ControllerProbe(config.name(), config.topic().name(), config.controller(),
                start.admin(), stats, clock);
        controller.start();
        return controller;
    }

    /** A round every interval, final within its SLA. */
    @Override
    public void trackFreshness(VerdictFreshness freshness) {
        freshness.trackEvery("controller", stats::lastRoundMicros, config.controller().interval(),
                config.controller().sla());
    }
}
