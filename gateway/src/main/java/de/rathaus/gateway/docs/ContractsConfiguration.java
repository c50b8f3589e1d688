package de.rathaus.gateway.docs;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the service contracts of module {@code openapi} ({@code contracts/*.yaml} on the class path) under
 * {@code /contracts/}, where Swagger UI ({@code /swagger-ui.html}, configured with {@code springdoc.swagger-ui.urls})
 * loads them. Relative references between the files ({@code common.yaml#/...}) resolve against the same folder.
 */
@Configuration(proxyBeanMethods = false)
public class ContractsConfiguration {

    @Bean
    RouterFunction<ServerResponse> contracts() {
        return RouterFunctions.resources("/contracts/**", new ClassPathResource("contracts/"));
    }
}
