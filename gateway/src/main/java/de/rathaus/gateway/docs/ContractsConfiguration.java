package de.rathaus.gateway.docs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
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

    static final MediaType YAML = new MediaType("application", "yaml", StandardCharsets.UTF_8);

    @Bean
    RouterFunction<ServerResponse> contracts() {
        return RouterFunctions.resources("/contracts/**", new ClassPathResource("contracts/"), (resource, headers) -> {
            String name = resource.getFilename();
            if (name != null && (name.endsWith(".yaml") || name.endsWith(".yml"))) {
                headers.setContentType(YAML);
            }
            headers.setCacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic());
        });
    }
}
