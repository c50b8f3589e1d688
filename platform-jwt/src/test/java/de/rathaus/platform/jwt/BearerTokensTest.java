package de.rathaus.platform.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;

/** {@link BearerTokens} answers every header like Spring Security's servlet and WebFlux resolvers. */
class BearerTokensTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbm5hIn0.c2ln-_~+/",
            "bearer abc", "BEARER abc", "bEaReR abc", "Bearer abc=", "Bearer abc==",
            "Bearer x"})
    void wellFormedTokensAreExtracted(String header) {
        String library = new DefaultBearerTokenResolver().resolve(servlet(header));
        assertThat(BearerTokens.resolve(header)).isEqualTo(library).isEqualTo(header.substring(7));
        BearerTokenAuthenticationToken reactive = (BearerTokenAuthenticationToken) new ServerBearerTokenAuthenticationConverter()
                .convert(reactive(header)).block();
        assertThat(reactive.getToken()).isEqualTo(library);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Bearer", "Bearer ", "Bearer  abc", "Bearer abc def", "Bearer =abc", "Bearer abc=d", "Bearer abc\n",
            "Bearer abc\t", "Bearer äbc", "Bearer abc%", "Bearerabc", "Bearer\tabc", "Bearer abc,", "bearerx abc",
            "Bearer abc "})
    void malformedTokensAreRefusedAsTheLibraryDoes(String header) {
        assertThatThrownBy(() -> new DefaultBearerTokenResolver().resolve(servlet(header)))
                .isInstanceOf(OAuth2AuthenticationException.class);
        assertThatThrownBy(() -> BearerTokens.resolve(header))
                .isInstanceOfSatisfying(OAuth2AuthenticationException.class,
                        e -> assertThat(e.getError().getErrorCode()).isEqualTo("invalid_token"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic YW5uYTpkZW1v", "", "Token abc", "Bea", " Bearer abc"})
    void otherSchemesCarryNoBearerToken(String header) {
        assertThat(new DefaultBearerTokenResolver().resolve(servlet(header))).isNull();
        assertThat(BearerTokens.resolve(header)).isNull();
        assertThat(BearerTokens.resolve(null)).isNull();
    }

    private static MockHttpServletRequest servlet(String header) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader(HttpHeaders.AUTHORIZATION, header);
        return request;
    }

    private static MockServerWebExchange reactive(String header) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/").header(HttpHeaders.AUTHORIZATION, header));
    }
}
