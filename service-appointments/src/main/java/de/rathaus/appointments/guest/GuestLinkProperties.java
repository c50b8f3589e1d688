package de.rathaus.appointments.guest;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Signed links for guests ({@code rathaus.appointments.links.*}). Neither has a default outside the {@code local}
 * profile: every deployment sets its own.
 *
 * @param secret    HMAC-SHA256 key of the links, at least 32 characters; rotate by changing it (old links stop working)
 * @param manageUrl page of the citizen portal that opens a link; the token is appended as {@code ?token=}
 */
@ConfigurationProperties("rathaus.appointments.links")
public record GuestLinkProperties(String secret, String manageUrl) {
}
