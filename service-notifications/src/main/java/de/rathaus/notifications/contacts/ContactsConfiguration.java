package de.rathaus.notifications.contacts;

import java.time.Duration;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
class ContactsConfiguration {

    /** The admin client logs in lazily (client credentials) on first use and renews its token itself. */
    @Bean(destroyMethod = "close")
    Keycloak keycloakAdmin(@Value("${rathaus.notifications.keycloak.server-url}") String serverUrl,
                           @Value("${rathaus.notifications.keycloak.realm:rathaus}") String realm,
                           @Value("${rathaus.notifications.keycloak.client-id:rathaus-notifications}") String clientId,
                           @Value("${rathaus.notifications.keycloak.client-secret}") String clientSecret) {
        return KeycloakBuilder.builder()
                .serverUrl(serverUrl)
                .realm(realm)
                .grantType("client_credentials")
                .clientId(clientId)
                .clientSecret(clientSecret)
                .build();
    }

    @Bean
    ContactDirectory contactDirectory(Keycloak keycloak,
                                      @Value("${rathaus.notifications.keycloak.realm:rathaus}") String realm,
                                      @Value("${rathaus.notifications.appointments-url:http://localhost:8082}") String appointmentsUrl,
                                      @Value("${rathaus.notifications.contacts.cache-ttl:5m}") Duration ttl) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(Duration.ofSeconds(3));
        requests.setReadTimeout(Duration.ofSeconds(5));
        RestClient appointments = RestClient.builder().baseUrl(appointmentsUrl).requestFactory(requests).build();
        return new CachingContactDirectory(new KeycloakContactDirectoryAdapter(keycloak, realm, appointments), ttl);
    }
}
