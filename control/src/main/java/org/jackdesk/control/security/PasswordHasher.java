package org.jackdesk.control.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.jackdesk.config.SecurityJson;

/**
 * PBKDF2-HMAC-SHA256 from the JDK (RFC 8018 §5.2), stored as
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} with a 16-byte random salt and a 32-byte key, both in
 * unpadded base64. The work factor travels with the hash, so it can be raised later without
 * breaking stored PINs. Verification compares in constant time.
 *
 * <p>Thread: worker (a hash at the default work factor costs hundreds of milliseconds; never on
 * the event loop).
 */
public final class PasswordHasher {
    private PasswordHasher() {}

    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    public static final int SALT_BYTES = 16;
    public static final int KEY_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    public static String hash(char[] secret) {
        return hash(secret, DEFAULT_ITERATIONS);
    }

    public static String hash(char[] secret, int iterations) {
        if (iterations < SecurityJson.MIN_ITERATIONS) throw new IllegalArgumentException("work factor below " + SecurityJson.MIN_ITERATIONS);
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return "pbkdf2-sha256$" + iterations + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(derive(secret, salt, iterations));
    }

    /** True when {@code secret} matches {@code stored}; false for a malformed {@code stored}. */
    public static boolean verify(char[] secret, String stored) {
        if (stored == null) return false;
        Matcher m = SecurityJson.HASH.matcher(stored);
        if (!m.matches()) return false;
        int iterations = Integer.parseInt(m.group(1));
        byte[] salt = Base64.getDecoder().decode(m.group(2));
        byte[] expected = Base64.getDecoder().decode(m.group(3));
        byte[] actual = derive(secret, salt, iterations);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(char[] secret, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(secret, salt, iterations, KEY_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** A PIN or password acceptable to store: 4 to 128 characters, no control characters. */
    public static String problem(char[] secret) {
        if (secret.length < 4) return "a PIN has at least 4 characters";
        if (secret.length > 128) return "at most 128 characters";
        for (char ch : secret) if (Character.isISOControl(ch)) return "no control characters";
        return null;
    }

    /** Clears a secret after use. */
    public static void wipe(char[] secret) {
        if (secret != null) Arrays.fill(secret, '\0');
    }
}
