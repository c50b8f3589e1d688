package de.rathaus.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The edge of the Digitales Rathaus: one Spring Cloud Gateway (WebFlux) in front of the four services.
 * Validates the caller's token, limits the request rate per user, municipality and client, passes correlation id and W3C trace
 * context on, answers every error it produces itself as RFC 9457 problem details and serves Swagger UI over all
 * service contracts.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    static final String REACTOR_NETTY_NATIVE = "reactor.netty.native";

    public static void main(String[] args) {
        // Spring Cloud Gateway 5 is markedly slower on Reactor Netty's native (epoll/io_uring) transport than on NIO
        // (spring-cloud-gateway issue 4209), so NIO is the default here. An explicit -Dreactor.netty.native=true
        // still wins; the property must be set before Reactor Netty loads its transport, i.e. before the run.
        if (System.getProperty(REACTOR_NETTY_NATIVE) == null) {
            System.setProperty(REACTOR_NETTY_NATIVE, "false");
        }
        SpringApplication.run(GatewayApplication.class, args);
    }
}
