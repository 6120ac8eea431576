package org.jackdesk.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The security parts of a configuration file (docs/security.md): the {@code users} list and the
 * network keys of {@code server} ({@code origins}, {@code oscAllow}, {@code oscUser},
 * {@code tlsCert}, {@code tlsKey}). Same precise-error style as {@link ConfigJson}.
 *
 * <p>A secret is never echoed in a message: a user's {@code hash} that is not a PBKDF2 hash is
 * reported without its text, so a PIN typed into the file by mistake does not end up in a log.
 * Thread: any.
 */
public final class SecurityJson {
    private SecurityJson() {}

    public static final List<String> USER_KEYS = List.of("name", "role", "buses", "hash", "talkback");
    public static final List<String> ROLES = List.of("admin", "engineer", "monitor", "viewer");
    public static final int MAX_USERS = 256;
    public static final int MAX_USER_NAME = 32;
    /** Lowest PBKDF2 work factor accepted from a file (the CLI writes {@code PasswordHasher.DEFAULT_ITERATIONS}). */
    public static final int MIN_ITERATIONS = 1000;
    /** {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}, salt and hash in unpadded base64 (16+ and 32 bytes). */
    public static final Pattern HASH = Pattern.compile("pbkdf2-sha256\\$([0-9]{1,9})\\$([A-Za-z0-9+/]{22,88})\\$([A-Za-z0-9+/]{43})");
    public static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_USER_NAME + "}");
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]+(/[0-9]{1,3})?");
    private static final Pattern ORIGIN = Pattern.compile("\\*|https?://[A-Za-z0-9.\\[\\]:_-]+");

    /** Checks the {@code users} list; returns the entries verbatim (canonical key order), as stored in {@link ConsoleConfig#users()}. */
    public static List<Map<String, Object>> users(JsonCheck c, ArrayNode ua, String path, int busCount) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (ua.size() > MAX_USERS) c.error(path, "at most " + MAX_USERS + " users (got " + ua.size() + ")");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ua.size(); i++) {
            String ip = JsonDoc.index(path, i);
            JsonNode n = ua.get(i);
            if (!n.isObject()) {
                c.error(ip, "a user is an object { \"name\": ..., \"role\": ..., \"hash\": ... }, not " + kindNoText(n));
                continue;
            }
            ObjectNode u = (ObjectNode) n;
            for (String plain : List.of("pin", "password", "pass", "secret")) {
                if (u.has(plain)) {
                    c.error(JsonDoc.child(ip, plain), "a " + plain + " is never stored in plain text: remove it and run "
                            + "./jackdesk user add NAME --role ROLE --config FILE (or ./jackdesk passwd) to store its hash");
                }
            }
            ObjectNode rest = u.deepCopy();
            for (String plain : List.of("pin", "password", "pass", "secret")) rest.remove(plain);
            c.onlyKeys(rest, ip, USER_KEYS);
            String name = c.string(u, ip, "name", null, true);
            if (name != null && !USER_NAME.matcher(name).matches()) {
                c.error(JsonDoc.child(ip, "name"), "a user name is 1 to " + MAX_USER_NAME + " letters, digits, '.', '_' or '-' (got \"" + name + "\")");
            } else if (name != null && !names.add(name)) {
                c.error(JsonDoc.child(ip, "name"), "user '" + name + "' is listed twice");
            }
            String role = c.string(u, ip, "role", null, true);
            if (role != null && !ROLES.contains(role)) {
                String near = Suggest.nearest(role, ROLES);
                c.error(JsonDoc.child(ip, "role"), "unknown role '" + role + "'; roles are " + String.join(", ", ROLES)
                        + (near != null ? " (did you mean '" + near + "'?)" : ""));
            }
            List<Integer> buses = buses(c, u, ip, busCount);
            // An empty or missing list needs saying; a list of bad bus numbers has its own messages already.
            if ("monitor".equals(role) && buses.isEmpty() && (!u.has("buses") || u.get("buses").isEmpty())) {
                c.error(ip, "a monitor user needs \"buses\": the aux buses whose mix they may change, e.g. [3, 4]");
            } else if (role != null && !"monitor".equals(role) && u.has("buses")) {
                c.error(JsonDoc.child(ip, "buses"), "only a monitor user has buses (a " + role + " reaches "
                        + ("viewer".equals(role) ? "none" : "every bus") + ")");
            }
            boolean talkback = c.bool(u, ip, "talkback", false);
            if (talkback && role != null && !"monitor".equals(role)) {
                c.error(JsonDoc.child(ip, "talkback"), "only a monitor user needs \"talkback\" (a " + role
                        + ("viewer".equals(role) ? " never talks)" : " always may talk)"));
            }
            JsonNode h = u.get("hash");
            if (h == null || h.isNull()) {
                c.error(ip, "missing key 'hash' (set it with ./jackdesk user add or ./jackdesk passwd)");
            } else if (!h.isTextual() || !HASH.matcher(h.textValue()).matches()) {
                c.error(JsonDoc.child(ip, "hash"), "is not a PBKDF2 hash (pbkdf2-sha256$ITERATIONS$SALT$HASH); "
                        + "set it with ./jackdesk user add or ./jackdesk passwd, never write a PIN here");
            } else {
                var m = HASH.matcher(h.textValue());
                if (m.matches() && Long.parseLong(m.group(1)) < MIN_ITERATIONS) {
                    c.error(JsonDoc.child(ip, "hash"), "work factor " + m.group(1) + " is too low (at least " + MIN_ITERATIONS
                            + "); set the PIN again with ./jackdesk user add");
                }
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", name);
            entry.put("role", role);
            if (!buses.isEmpty()) entry.put("buses", buses);
            if (talkback) entry.put("talkback", true);
            entry.put("hash", h != null && h.isTextual() ? h.textValue() : null);
            out.add(entry);
        }
        return out;
    }

    private static List<Integer> buses(JsonCheck c, ObjectNode u, String ip, int busCount) {
        ArrayNode a = c.array(u, ip, "buses", false);
        List<Integer> out = new ArrayList<>();
        if (a == null) return out;
        String bp = JsonDoc.child(ip, "buses");
        for (int k = 0; k < a.size(); k++) {
            JsonNode b = a.get(k);
            if (!b.isIntegralNumber()) {
                c.error(JsonDoc.index(bp, k), "a bus number such as 3, not " + JsonCheck.kind(b));
            } else if (b.longValue() < 1 || (busCount >= 0 && b.longValue() > busCount)) {
                c.error(JsonDoc.index(bp, k), "bus " + b.longValue() + " does not exist (this console has "
                        + (busCount < 0 ? "?" : busCount) + " buses)");
            } else if (out.contains(b.intValue())) {
                c.error(JsonDoc.index(bp, k), "bus " + b.intValue() + " is listed twice");
            } else {
                out.add(b.intValue());
            }
        }
        return out;
    }

    /** The security keys of {@code server}; {@code userNames} are the configured users ({@code oscUser} must be one). */
    public static ConsoleConfig.NetworkSecurity server(JsonCheck c, ObjectNode so, String sp, List<Map<String, Object>> users) {
        List<String> origins = c.strings(so, sp, "origins", 64);
        for (int i = 0; i < origins.size(); i++) {
            if (!ORIGIN.matcher(origins.get(i)).matches()) {
                c.error(JsonDoc.index(JsonDoc.child(sp, "origins"), i), "an origin is scheme://host[:port] such as http://mixer.local:8080, or *");
            }
        }
        List<String> osc = c.strings(so, sp, "oscAllow", 256);
        for (int i = 0; i < osc.size(); i++) {
            String a = osc.get(i);
            if (!ADDRESS.matcher(a).matches() || !validAddress(a)) {
                c.error(JsonDoc.index(JsonDoc.child(sp, "oscAllow"), i), "'" + a + "' is not an IP address or network such as 192.168.1.20 or 192.168.1.0/24");
            }
        }
        String oscUser = c.string(so, sp, "oscUser", null, false);
        if (oscUser != null && users.stream().noneMatch(u -> oscUser.equals(u.get("name")))) {
            c.error(JsonDoc.child(sp, "oscUser"), "there is no user '" + oscUser + "' in \"users\"");
        }
        String cert = c.string(so, sp, "tlsCert", null, false);
        String key = c.string(so, sp, "tlsKey", null, false);
        if ((cert == null) != (key == null)) {
            c.error(sp, "TLS needs both \"tlsCert\" and \"tlsKey\" (PEM files); docs/security.md shows how to make them");
        }
        return new ConsoleConfig.NetworkSecurity(origins, osc, oscUser, cert, key);
    }

    /** An IPv4/IPv6 literal with an optional prefix length that fits it. No name lookups. */
    public static boolean validAddress(String a) {
        int slash = a.indexOf('/');
        String ip = slash < 0 ? a : a.substring(0, slash);
        byte[] b = literal(ip);
        if (b == null) return false;
        if (slash < 0) return true;
        try {
            int prefix = Integer.parseInt(a.substring(slash + 1));
            return prefix >= 0 && prefix <= b.length * 8;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The bytes of an IP literal, or null; never resolves a name. */
    public static byte[] literal(String ip) {
        if (ip.isEmpty()) return null;
        if (ip.indexOf(':') < 0) {
            String[] parts = ip.split("\\.", -1);
            if (parts.length != 4) return null;
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) return null;
                int v = Integer.parseInt(parts[i]);
                if (v > 255) return null;
                out[i] = (byte) v;
            }
            return out;
        }
        if (!ip.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == ':' || ch == '.')) return null;
        try {
            // A literal made only of hex digits, colons and dots: InetAddress parses it without DNS.
            return java.net.InetAddress.getByName(ip).getAddress();
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    private static String kindNoText(JsonNode n) {
        return n.isTextual() ? "a string" : JsonCheck.kind(n);
    }
}
