package de.rathaus.gateway.security;

import java.util.regex.Pattern;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/** Every token must name the municipality (tenant) its holder belongs to; the services scope all data by it. */
public final class TenantClaimValidator implements OAuth2TokenValidator<Jwt> {

    public static final String CLAIM = "tenant";
    private static final Pattern TENANT = Pattern.compile("[a-z0-9-]{2,64}");

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        Object tenant = token.getClaims().get(CLAIM);
        if (tenant instanceof String value && TENANT.matcher(value).matches()) {
            return OAuth2TokenValidatorResult.success();
        }
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                "The token has no valid tenant claim", null));
    }
}
