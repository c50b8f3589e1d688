package de.rathaus.notifications.webhooks;

import de.rathaus.platform.web.InvalidInputException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * SSRF guard for webhook callbacks. A callback must not reach into the municipality's own network: loopback,
 * private (RFC 1918), carrier-grade NAT, link-local (incl. cloud metadata 169.254.169.254), "this network", any-local,
 * multicast, broadcast, IPv6 unique-local (fc00::/7) and site-local, and IPv4-mapped/-compatible IPv6 forms of all
 * of these are refused — at registration and again at send time, where the checked address is the one connected to
 * (see {@link GuardedDnsResolver}), so DNS rebinding cannot slip through. {@code allowed-targets} (CIDR ranges or
 * host names) admits on-premises systems explicitly.
 */
@Component
public class CallbackGuard {

    private final WebhookProperties props;
    private final List<Cidr> allowedRanges = new ArrayList<>();
    private final List<String> allowedHosts = new ArrayList<>();

    public CallbackGuard(WebhookProperties props) {
        this.props = props;
        for (String target : props.allowedTargets()) {
            if (target.contains("/")) {
                allowedRanges.add(Cidr.parse(target));
            } else {
                allowedHosts.add(target.toLowerCase(Locale.ROOT));
            }
        }
    }

    /** Checks a callback URL at registration; throws a 400 naming the problem. */
    public URI validate(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("callbackUrl", "is no valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && props.allowHttp())) {
            throw new InvalidInputException("callbackUrl", "must be an https:// URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new InvalidInputException("callbackUrl", "must be an absolute URL with a host and without user info or fragment");
        }
        try {
            resolve(uri.getHost());
        } catch (ForbiddenTargetException e) {
            throw new InvalidInputException("callbackUrl", e.getMessage());
        } catch (UnknownHostException e) {
            throw new InvalidInputException("callbackUrl", "host " + uri.getHost() + " cannot be resolved");
        }
        return uri;
    }

    /** Resolves a host and returns its addresses if every one may be called; throws otherwise. */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = InetAddress.getAllByName(name);
        boolean hostAllowed = allowedHosts.contains(name.toLowerCase(Locale.ROOT));
        for (InetAddress address : addresses) {
            if (!hostAllowed && isForbidden(address) && allowedRanges.stream().noneMatch(r -> r.contains(address))) {
                throw new ForbiddenTargetException("target " + name + " resolves to " + address.getHostAddress()
                        + ", a loopback, private, link-local or otherwise internal address");
            }
        }
        return addresses;
    }

    /** Thrown when a callback target is internal. */
    public static class ForbiddenTargetException extends UnknownHostException {
        public ForbiddenTargetException(String message) {
            super(message);
        }
    }

    static boolean isForbidden(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            InetAddress embedded = embeddedIpv4(b);
            if (embedded != null) {
                return isForbidden(embedded);
            }
            return v6.isAnyLocalAddress() || v6.isLoopbackAddress() || v6.isLinkLocalAddress() || v6.isSiteLocalAddress()
                    || v6.isMulticastAddress() || (b[0] & 0xfe) == 0xfc // fc00::/7 unique local
                    || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8); // 2001:db8::/32 documentation
        }
        byte[] b = address.getAddress();
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()
                || first == 0                                   // 0.0.0.0/8 "this network"
                || (first == 100 && second >= 64 && second <= 127) // 100.64.0.0/10 carrier-grade NAT
                || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // 192.0.0.0/24 protocol assignments
                || (first == 198 && (second == 18 || second == 19)) // 198.18.0.0/15 benchmarking
                || first >= 240;                                // reserved and broadcast
    }

    /** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), -compatible (::a.b.c.d) or NAT64 (64:ff9b::/96) address. */
    private static InetAddress embeddedIpv4(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        if (!mapped && !compatible && !nat64) {
            return null;
        }
        try {
            return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            return null;
        }
    }

    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            String[] parts = text.split("/");
            try {
                return new Cidr(InetAddress.getByName(parts[0]).getAddress(), Integer.parseInt(parts[1]));
            } catch (UnknownHostException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("rathaus.notifications.webhooks.allowed-targets: '" + text + "' is no CIDR range", e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int bits = prefix;
            for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                if ((a[i] & mask) != (network[i] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
