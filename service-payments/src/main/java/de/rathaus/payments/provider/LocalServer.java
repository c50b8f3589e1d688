package de.rathaus.payments.provider;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The port this service listens on, known once the web server has started (random in tests). */
@Component
public class LocalServer {

    private volatile int port = -1;

    @EventListener
    void on(WebServerInitializedEvent event) {
        port = event.getWebServer().getPort();
    }

    /** {@code http://127.0.0.1:<port>} */
    public String baseUrl() {
        if (port < 0) {
            throw new IllegalStateException("The web server has not started yet");
        }
        return "http://127.0.0.1:" + port;
    }
}
