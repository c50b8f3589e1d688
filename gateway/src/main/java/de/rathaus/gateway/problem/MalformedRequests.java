package de.rathaus.gateway.problem;

import de.rathaus.gateway.correlation.Correlation;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.URISyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers, as problem+json like every other error of the gateway, the requests that never reach WebFlux: Reactor
 * Netty answers a request line or headers beyond the decoder's limits with an empty 414 or 431 (and any other
 * unreadable request head with an empty 400), and Spring's adapter answers a request target that is no valid URI,
 * such as invalid percent-encoding, with an empty 400. A handler right behind the HTTP decoder answers these
 * requests itself and closes the connection; every other request passes unchanged.
 */
@Component
public class MalformedRequests implements NettyServerCustomizer {

    static final String HANDLER_NAME = "rathaus.malformedRequests";
    private static final Logger log = LoggerFactory.getLogger(MalformedRequests.class);

    private final JsonMapper json;

    public MalformedRequests(JsonMapper json) {
        this.json = json;
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remoteAddress) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, HANDLER_NAME, new Handler());
            }
        });
    }

    /** Why a request is refused before WebFlux, or null if it may pass. */
    static Refusal refusalOf(HttpRequest request) {
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            if (decoded.cause() instanceof TooLongHttpLineException) {
                return new Refusal(HttpResponseStatus.REQUEST_URI_TOO_LONG,
                        "The request URI is longer than the gateway accepts.");
            }
            if (decoded.cause() instanceof TooLongHttpHeaderException) {
                return new Refusal(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                        "The request header fields are larger than the gateway accepts.");
            }
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "The request line or headers are not valid HTTP.");
        }
        try {
            new URI(request.uri());
            return null;
        } catch (URISyntaxException e) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "The request URI is not valid: it contains invalid"
                    + " percent-encoding or a character that must be percent-encoded.");
        }
    }

    record Refusal(HttpResponseStatus status, String detail) {
    }

    /** One per connection: after a refusal the rest of the connection's input is dropped until it is closed. */
    private final class Handler extends ChannelInboundHandlerAdapter {

        private boolean refused;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (refused) {
                ReferenceCountUtil.release(msg);
                return;
            }
            Refusal refusal = msg instanceof HttpRequest request ? refusalOf(request) : null;
            if (refusal == null) {
                ctx.fireChannelRead(msg);
                return;
            }
            refused = true;
            String correlationId = Correlation.acceptOrCreateCorrelationId(
                    ((HttpRequest) msg).headers().get(Correlation.CORRELATION_ID_HEADER));
            ReferenceCountUtil.release(msg);
            log.debug("{} before routing (correlation id {}): {}", refusal.status().code(), correlationId, refusal.detail());
            ctx.writeAndFlush(response(refusal, correlationId)).addListener(ChannelFutureListener.CLOSE);
        }

        private FullHttpResponse response(Refusal refusal, String correlationId) {
            byte[] body = json.writeValueAsBytes(ProblemWriter.problem(HttpStatusCode.valueOf(refusal.status().code()),
                    refusal.detail(), null, correlationId));
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, refusal.status(),
                    Unpooled.wrappedBuffer(body));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                    .set(Correlation.CORRELATION_ID_HEADER, correlationId);
            return response;
        }
    }
}
