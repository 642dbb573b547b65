package chat.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Memory-friendly JVM defaults set at start-up, for {@code java -jar chat-server.jar} without flags.
 *
 * <p>A mass connect produces a burst of short-lived garbage, and G1 grows the heap to absorb it — then
 * keeps it: an idle server with 10,000 connections would hold twice the RSS its live data needs. These
 * HotSpot flags are <em>manageable</em> (settable at run time), so the server sets them itself:
 * a periodic GC after {@value #PERIODIC_GC_MILLIS} ms without one, and tighter free-heap ratios, so the
 * heap is given back once the burst is over. A flag given on the command line or in
 * {@code JAVA_TOOL_OPTIONS} is left alone.
 */
final class JvmDefaults {
    private static final Logger logger = LoggerFactory.getLogger(JvmDefaults.class);
    static final long PERIODIC_GC_MILLIS = 5000;
    private static final Map<String, String> FLAGS = Map.of(
            "G1PeriodicGCInterval", String.valueOf(PERIODIC_GC_MILLIS),
            "MinHeapFreeRatio", "10",
            "MaxHeapFreeRatio", "30");

    private JvmDefaults() {
    }

    static void apply() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotspot == null) {
            return;
        }
        // Order matters: MinHeapFreeRatio must stay <= MaxHeapFreeRatio at every step.
        for (String flag : new String[]{"G1PeriodicGCInterval", "MinHeapFreeRatio", "MaxHeapFreeRatio"}) {
            try {
                VMOption option = hotspot.getVMOption(flag);
                if (option.isWriteable() && option.getOrigin() == VMOption.Origin.DEFAULT) {
                    hotspot.setVMOption(flag, FLAGS.get(flag));
                }
            } catch (IllegalArgumentException e) {
                logger.debug("JVM flag {} not set: {}", flag, e.getMessage()); // another JVM or collector
            }
        }
    }
}
