package chat.server.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the Prometheus text, never cached; 405 for methods other than GET and HEAD. Served
 * by {@link HttpRouter} on the main port, or by {@link MetricsHttpHandler} on {@code --metrics-port}.
 */
public final class MetricsEndpoint {
    public static final String PATH = "/metrics";

    private final Supplier<String> scrape;

    public MetricsEndpoint(Supplier<String> scrape) {
        this.scrape = scrape;
    }

    FullHttpResponse response(HttpMethod method) {
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            FullHttpResponse res = HttpRouter.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
            res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            return res;
        }
        FullHttpResponse res = HttpRouter.response(HttpResponseStatus.OK,
                Unpooled.copiedBuffer(scrape.get(), StandardCharsets.UTF_8), "text/plain; version=0.0.4; charset=utf-8");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (HttpMethod.HEAD.equals(method)) {
            res.content().clear(); // Content-Length stays that of the GET body
        }
        return res;
    }
}
