package de.rathaus.notifications.contacts;

import java.time.Duration;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
class ContactsConfiguration {

    /** The admin client logs in lazily (client credentials) on first use and renews its token itself. */
    @Bean(destroyMethod = "close")
    Keycloak keycloakAdmin(ContactsProperties props) {
        ContactsProperties.KeycloakAdmin admin = props.keycloak();
        return KeycloakBuilder.builder()
                .serverUrl(admin.serverUrl())
                .realm(admin.realm())
                .grantType("client_credentials")
                .clientId(admin.clientId())
                .clientSecret(admin.clientSecret())
                .build();
    }

    @Bean
    ContactDirectory contactDirectory(Keycloak keycloak, ContactsProperties props) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(Duration.ofSeconds(3));
        requests.setReadTimeout(Duration.ofSeconds(5));
        RestClient appointments = RestClient.builder().baseUrl(props.appointmentsUrl()).requestFactory(requests).build();
        return new CachingContactDirectory(new KeycloakContactDirectoryAdapter(keycloak, props.keycloak().realm(), appointments),
                props.cacheTtl());
    }
}
