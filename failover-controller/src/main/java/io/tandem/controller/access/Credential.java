package io.tandem.controller.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * A ZooKeeper digest identity: a user name and its password. It comes from a file or the
 * environment, never from a command line. {@link #toString()} never shows the password, and no
 * error built here quotes it.
 *
 * @param user the identity's name, e.g. {@code tandem} or {@code alice}
 * @param password its password (never printed)
 */
public record Credential(String user, String password) {

    /** Environment variable naming a file that holds {@code user:password}. */
    public static final String FILE_VARIABLE = "TANDEM_CREDENTIAL_FILE";
    /** Environment variable holding {@code user:password} itself. */
    public static final String VARIABLE = "TANDEM_CREDENTIAL";

    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

    public Credential {
        if (user == null || !USER.matcher(user).matches()) {
            throw new IllegalArgumentException("credential user '" + user
                    + "' must be 1-64 letters, digits or _ . @ - (the part before the first ':')");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("credential for user " + user + " has an empty password");
        }
    }

    /**
     * Parses {@code user:password} (the password may itself contain ':'), naming {@code source}
     * (a file or variable, never the text) when it is malformed.
     */
    public static Credential parse(String text, String source) {
        String line = text == null ? "" : text.strip();
        int colon = line.indexOf(':');
        if (colon <= 0 || colon == line.length() - 1) {
            throw new IllegalArgumentException(
                    source + " must hold one line 'user:password' (neither part empty); it does not");
        }
        try {
            return new Credential(line.substring(0, colon), line.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code user:password} from the first line of {@code file}. */
    public static Credential fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read credential file " + file + " (" + e.getClass().getSimpleName()
                            + "); check the path and that this user may read it",
                    e);
        }
        String first = text.lines().findFirst().orElse("");
        return parse(first, "credential file " + file);
    }

    /**
     * The credential a command should use: {@code file} when given, else the file named by
     * {@value #FILE_VARIABLE}, else {@value #VARIABLE}'s value; empty when none is set.
     */
    public static Optional<Credential> resolve(Optional<Path> file, Map<String, String> environment) {
        if (file.isPresent()) {
            return Optional.of(fromFile(file.get()));
        }
        String named = environment.get(FILE_VARIABLE);
        if (named != null && !named.isBlank()) {
            return Optional.of(fromFile(Path.of(named.strip())));
        }
        String inline = environment.get(VARIABLE);
        if (inline != null && !inline.isBlank()) {
            return Optional.of(parse(inline, "environment variable " + VARIABLE));
        }
        return Optional.empty();
    }

    /** The bytes Curator sends for the {@code digest} scheme. */
    public byte[] authBytes() {
        return (user + ":" + password).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The ACL id of this identity, {@code user:base64(sha1(user:password))}: what a roster lists.
     * It does not reveal the password, but a weak password can be guessed from it, so rosters are
     * readable only by the cluster's identities.
     */
    public String digestId() {
        return digestId(user + ":" + password);
    }

    /** The ACL id for a {@code user:password} text. */
    static String digestId(String userPassword) {
        try {
            return DigestAuthenticationProvider.generateDigest(userPassword);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-1, which ZooKeeper digest identities need", e);
        }
    }

    @Override
    public String toString() {
        return "Credential[user=" + user + ", password=****]";
    }
}
