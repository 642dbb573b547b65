package chat.bench;

import chat.bench.report.HtmlReport;
import chat.bench.report.JsonReport;
import chat.bench.report.TextReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The picocli command: maps options onto {@link BenchOptions.Builder}, runs, prints and writes reports. */
@Command(name = "chat-bench", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        versionProvider = BenchCommand.Version.class,
        description = {"WebSocket chat load generator (Netty). Scenarios: connect, broadcast (default; add "
                + "--find-max to step the rate up), rooms, slow. Latency is measured from each message's intended "
                + "send time (no coordinated omission). Exit: 0 run completed (loss is a figure), 1 run could not "
                + "be done, 2 bad options. See docs/bench-usage.md."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--url", defaultValue = BenchOptions.DEFAULT_URL, paramLabel = "URL",
            description = "Server WebSocket URL; each client appends name=<prefix><i> (and room=) to its query.")
    String url;
    @Option(names = "--also-url", split = ",", paramLabel = "URL",
            description = "More servers (cluster nodes), comma-separated or repeated: clients are spread round-robin over --url and these.")
    java.util.List<String> alsoUrls = new java.util.ArrayList<>();
    @Option(names = "--also-server-pid", split = ",", paramLabel = "PID",
            description = "More server processes (cluster nodes): their CPU and RSS are added to --server-pid's.")
    java.util.List<Long> alsoServerPids = new java.util.ArrayList<>();
    @Option(names = "--scenario", defaultValue = "broadcast", paramLabel = "NAME",
            description = "connect | broadcast | rooms | slow.")
    Scenario scenario;
    @Option(names = {"-c", "--clients"}, defaultValue = "" + BenchOptions.DEFAULT_CLIENTS, paramLabel = "N",
            description = "Connections (rooms: total, split over --rooms; slow: the normal clients).")
    int clients;
    @Option(names = {"-s", "--senders"}, defaultValue = "" + BenchOptions.DEFAULT_SENDERS, paramLabel = "S",
            description = "Clients that send (rooms: total, a multiple of --rooms). Every client receives.")
    int senders;
    @Option(names = {"-r", "--rate"}, defaultValue = "" + BenchOptions.DEFAULT_RATE, paramLabel = "MSG/S",
            description = "Aggregate send rate over all senders, evenly spaced.")
    double rate;
    @Option(names = {"-d", "--duration"}, defaultValue = "" + BenchOptions.DEFAULT_DURATION, paramLabel = "SECONDS",
            description = "Measured window (connect: how long connections are held; find-max: per step).")
    double duration;
    @Option(names = "--warmup", defaultValue = "" + BenchOptions.DEFAULT_WARMUP, paramLabel = "SECONDS",
            description = "Traffic before the window that is not counted (per phase).")
    double warmup;
    @Option(names = "--drain", defaultValue = "" + BenchOptions.DEFAULT_DRAIN, paramLabel = "SECONDS",
            description = "Longest wait after the window for counted messages still in flight.")
    double drain;
    @Option(names = "--size", defaultValue = "" + BenchOptions.DEFAULT_SIZE, paramLabel = "BYTES",
            description = "Frame size: marker padded with filler (never shorter than the marker).")
    int size;
    @Option(names = "--send-json", description = "Send {\"type\":\"message\",\"text\":\"...\"} instead of plain text.")
    boolean sendJson;
    @Option(names = "--expect-echo", description = "The server echoes messages to their sender (expect N deliveries, not N-1).")
    boolean expectEcho;
    @Option(names = "--ramp", defaultValue = "" + BenchOptions.DEFAULT_RAMP, paramLabel = "CONN/S",
            description = "Connection opening rate.")
    double ramp;
    @Option(names = "--max-pending", defaultValue = "" + BenchOptions.DEFAULT_MAX_PENDING, paramLabel = "N",
            description = "Most connection attempts (TCP + handshake) in flight at once.")
    int maxPending;
    @Option(names = "--connect-timeout", defaultValue = "" + BenchOptions.DEFAULT_CONNECT_TIMEOUT,
            paramLabel = "SECONDS", description = "Timeout of the TCP connect, and of the handshake.")
    double connectTimeout;
    @Option(names = "--source-addresses", defaultValue = "0", paramLabel = "K",
            description = "Bind source addresses 127.0.0.2..K+1 round-robin (loopback targets). 0 = automatic: "
                    + "one per 20000 connections above 20000.")
    int sourceAddresses;
    @Option(names = "--warmup-handshakes", defaultValue = "" + BenchOptions.DEFAULT_WARMUP_HANDSHAKES,
            paramLabel = "N", description = "In-memory handshakes before connecting, so the bench JVM's class "
                    + "loading and JIT do not inflate the first connect times (no network; 0 = off).")
    int warmupHandshakes;
    @Option(names = "--rooms", defaultValue = "" + BenchOptions.DEFAULT_ROOMS, paramLabel = "M",
            description = "Rooms (rooms scenario).")
    int rooms;
    @Option(names = "--room-size", defaultValue = "0", paramLabel = "K",
            description = "Members per room (rooms scenario); 0 = clients / rooms.")
    int roomSize;
    @Option(names = "--room-prefix", defaultValue = BenchOptions.DEFAULT_ROOM_PREFIX, paramLabel = "P",
            description = "Room names are <prefix><i> (rooms scenario).")
    String roomPrefix;
    @Option(names = "--room", paramLabel = "NAME",
            description = "Room to request in the single-room scenarios (default: none, the server's default room).")
    String room;
    @Option(names = "--slow", defaultValue = "" + BenchOptions.DEFAULT_SLOW, paramLabel = "K",
            description = "Clients that stop reading (slow scenario), in addition to --clients.")
    int slow;
    @Option(names = "--find-max", description = "Broadcast: step the rate up until p99 > --p99-bound-ms or loss.")
    boolean findMax;
    @Option(names = "--step", defaultValue = "" + BenchOptions.DEFAULT_STEP, paramLabel = "FACTOR",
            description = "Rate factor between find-max steps.")
    double step;
    @Option(names = "--p99-bound-ms", defaultValue = "" + BenchOptions.DEFAULT_P99_BOUND_MS, paramLabel = "MS",
            description = "find-max: a step fails when its p99 delivery latency exceeds this.")
    double p99BoundMs;
    @Option(names = "--max-steps", defaultValue = "" + BenchOptions.DEFAULT_MAX_STEPS, paramLabel = "N",
            description = "find-max: most steps.")
    int maxSteps;
    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "Event-loop threads; 0 = available processors.")
    int threads;
    @Option(names = "--transport", defaultValue = "auto", paramLabel = "T", description = "auto | epoll | nio.")
    String transport;
    @Option(names = "--name-prefix", defaultValue = BenchOptions.DEFAULT_NAME_PREFIX, paramLabel = "P",
            description = "Client names are <prefix><i>.")
    String namePrefix;
    @Option(names = "--server-pid", defaultValue = "0", paramLabel = "PID",
            description = "Server process on this host: report its CPU and RSS from /proc.")
    long serverPid;
    @Option(names = "--json", paramLabel = "FILE", description = "Write every figure, environment and options as JSON.")
    Path jsonFile;
    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML page with charts.")
    Path htmlFile;
    @Option(names = {"-q", "--quiet"}, description = "No progress line per second on stderr.")
    boolean quiet;

    private final PrintStream out;
    private final PrintStream err;

    BenchCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        BenchOptions options = options();
        BenchResult result;
        try {
            result = Bench.run(options, err);
        } catch (BenchException e) {
            err.println("chat-bench: run could not be done: " + e.getMessage());
            return Main.RUN_FAILED;
        }
        out.print(TextReport.render(result));
        out.flush();
        try {
            if (jsonFile != null) {
                JsonReport.write(result, jsonFile);
            }
            if (htmlFile != null) {
                HtmlReport.write(result, htmlFile);
            }
        } catch (IOException e) {
            err.println("chat-bench: could not write report: " + e);
            return Main.RUN_FAILED;
        }
        return Main.OK;
    }

    /** Builds validated options, turning validation errors into usage errors (exit 2). */
    BenchOptions options() {
        try {
            return BenchOptions.builder().url(url).moreUrls(alsoUrls).moreServerPids(alsoServerPids).scenario(scenario).clients(clients).senders(senders).rate(rate)
                    .duration(duration).warmup(warmup).drain(drain).size(size).sendJson(sendJson)
                    .expectEcho(expectEcho).ramp(ramp).maxPendingConnects(maxPending).connectTimeout(connectTimeout)
                    .sourceAddresses(sourceAddresses).warmupHandshakes(warmupHandshakes).rooms(rooms)
                    .roomSize(roomSize).roomPrefix(roomPrefix)
                    .room(room).slow(slow).findMax(findMax).step(step).p99BoundMs(p99BoundMs).maxSteps(maxSteps)
                    .threads(threads).transport(transport).namePrefix(namePrefix).serverPid(serverPid)
                    .jsonFile(jsonFile).htmlFile(htmlFile).progress(!quiet).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Reports the jar's Implementation-Version. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = BenchCommand.class.getPackage().getImplementationVersion();
            return new String[] {"chat-bench " + (v == null ? "dev" : v)};
        }
    }
}
