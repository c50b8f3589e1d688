package de.rathaus.platform.jwt;

import java.util.regex.Pattern;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/** Every token must name the municipality (tenant) its holder belongs to; all data is scoped by it. */
public final class TenantClaim implements OAuth2TokenValidator<Jwt> {

    public static final String NAME = "tenant";
    private static final Pattern TENANT = Pattern.compile("[a-z0-9-]{2,64}");

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        if (token.getClaims().get(NAME) instanceof String tenant && TENANT.matcher(tenant).matches()) {
            return OAuth2TokenValidatorResult.success();
        }
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                "The token has no valid tenant claim", null));
    }
}
