package de.rathaus.platform.web;

import org.apache.catalina.startup.Tomcat;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Problem details for every error, the correlation filter ahead of the security filter chain, and strict numbers and
 * no NUL characters in request bodies. Every error is problem+json wherever it arises: in Spring MVC ({@link ProblemDetailsAdvice}), in
 * a filter ({@link ProblemErrorController} in place of Boot's error controller) or in Tomcat before any filter
 * ({@link ProblemErrorReportValve} in place of Tomcat's HTML error report).
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import({ProblemDetailsAdvice.class, ProblemErrorController.class})
public class WebAutoConfiguration {

    @Bean
    FilterRegistrationBean<CorrelationFilter> rathausCorrelationFilter() {
        FilterRegistrationBean<CorrelationFilter> registration = new FilterRegistrationBean<>(new CorrelationFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** No NUL character in any JSON text: a 400 naming the field instead of a 500 from PostgreSQL. */
    @Bean
    NulCharacters rathausNulCharacters() {
        return new NulCharacters();
    }

    /**
     * Integral fields accept JSON integers only. Jackson's defaults would turn {@code 1000.5} into 1000 and
     * {@code "1000"} into 1000: an amount of money silently changed. Now both are a 400 naming the field.
     */
    @Bean
    JsonMapperBuilderCustomizer rathausStrictIntegers() {
        return builder -> builder
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(LogicalType.Integer, config -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail));
    }

    /** Tomcat's host renders the errors it raises itself with {@link ProblemErrorReportValve}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Tomcat.class)
    static class TomcatErrorReport {

        @Bean
        ProblemErrorReportValve.Installer rathausProblemErrorReport(JsonMapper json) {
            return new ProblemErrorReportValve.Installer(json);
        }
    }
}
