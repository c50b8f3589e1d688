package de.rathaus.applications.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Role check per route family before the request body is even read: a citizen on a clerk or admin route gets 403
 * whatever the body, never a validation answer about a route they may not use. The controllers' {@code
 * @PreAuthorize} stays as the second line.
 */
@Configuration
class RouteRoles implements WebMvcConfigurer, HandlerInterceptor {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v1/applications/backoffice/**", "/api/v1/applications/admin/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        boolean admin = has(auth, "ROLE_admin");
        boolean allowed = request.getRequestURI().startsWith("/api/v1/applications/admin/") ? admin
                : admin || has(auth, "ROLE_clerk");
        if (!allowed) {
            throw new AccessDeniedException("This route is for municipal staff only.");
        }
        return true;
    }

    private static boolean has(Authentication auth, String authority) {
        return auth != null && auth.getAuthorities().stream().anyMatch(a -> authority.equals(a.getAuthority()));
    }
}
