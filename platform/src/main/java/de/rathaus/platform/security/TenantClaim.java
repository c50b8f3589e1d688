package de.rathaus.platform.security;

import java.util.regex.Pattern;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/** Every token must name the municipality its holder belongs to; without it nothing can be scoped. */
public final class TenantClaim implements OAuth2TokenValidator<Jwt> {

    public static final String NAME = "tenant";
    private static final Pattern TENANT = Pattern.compile("[a-z0-9-]{2,64}");

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        String tenant = token.getClaimAsString(NAME);
        if (tenant != null && TENANT.matcher(tenant).matches()) {
            return OAuth2TokenValidatorResult.success();
        }
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token has no valid tenant claim", null));
    }
}
