package chat.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the Prometheus text, never cached; 405 for methods other than GET and HEAD. Served
 * by {@link HttpRouter} on the main port, or by {@link MetricsHttpHandler} on {@code --metrics-port}.
 *
 * <p>Rendering every meter takes milliseconds, so it runs on the metrics' own thread, not on the event
 * loop, whose connections would wait meanwhile; the answer is written back on the loop.
 */
public final class MetricsEndpoint {
    public static final String PATH = "/metrics";

    private final Supplier<String> scrape;
    private final Executor renderer;

    /** @param renderer where {@code scrape} runs (one thread is plenty) */
    public MetricsEndpoint(Supplier<String> scrape, Executor renderer) {
        this.scrape = scrape;
        this.renderer = renderer;
    }

    /** Answers {@code req} (later, from the renderer). Takes ownership of {@code req}. Event loop only. */
    void answer(ChannelHandlerContext ctx, FullHttpRequest req) {
        HttpMethod method = req.method();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        req.release();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            FullHttpResponse res = HttpRouter.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
            res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            HttpRouter.respond(ctx, keepAlive, res);
            return;
        }
        try {
            renderer.execute(() -> {
                String text = render();
                try {
                    ctx.executor().execute(() -> HttpRouter.respond(ctx, keepAlive, response(text, HttpMethod.HEAD.equals(method))));
                } catch (RejectedExecutionException e) {
                    // the event loop is shutting down: nobody to answer
                }
            });
        } catch (RejectedExecutionException e) {
            HttpRouter.respond(ctx, keepAlive, HttpRouter.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "503 shutting down\n"));
        }
    }

    private String render() {
        try {
            return scrape.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static FullHttpResponse response(String text, boolean head) {
        if (text == null) {
            return HttpRouter.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "500 metrics could not be rendered\n");
        }
        FullHttpResponse res = HttpRouter.response(HttpResponseStatus.OK,
                Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), "text/plain; version=0.0.4; charset=utf-8");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (head) {
            res.content().clear(); // Content-Length stays that of the GET body
        }
        return res;
    }
}
