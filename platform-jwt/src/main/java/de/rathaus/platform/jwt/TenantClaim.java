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
    public static final String SYSTEM_ROLE = "system";
    private static final Pattern TENANT = Pattern.compile("[a-z0-9-]{2,64}");

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        if (token.getClaims().get(NAME) instanceof String tenant && TENANT.matcher(tenant).matches()) {
            return OAuth2TokenValidatorResult.success();
        }
        if (!token.hasClaim(NAME) && isSystem(token)) {
            // service accounts (client credentials, realm role "system") act for every municipality and carry
            // no tenant; endpoints they may call are guarded by hasRole('system') and never scope by tenant
            return OAuth2TokenValidatorResult.success();
        }
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                "The token has no valid tenant claim", null));
    }

    private static boolean isSystem(Jwt token) {
        return token.getClaims().get("realm_access") instanceof java.util.Map<?, ?> access
                && access.get("roles") instanceof java.util.Collection<?> roles && roles.contains(SYSTEM_ROLE);
    }
}
