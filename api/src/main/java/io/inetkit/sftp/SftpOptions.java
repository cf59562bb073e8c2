package io.inetkit.sftp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What only SSH needs to connect: how the server's host key is checked and which key files prove
 * who the user is. Give it to {@link io.inetkit.ConnectRequest.Builder#option(Object)}; without
 * it, {@link #defaults()} applies.
 *
 * <p>Host keys are always checked, against an OpenSSH {@code known_hosts} file (plain and hashed
 * entries): a key not in it fails the connect with {@code ERROR_INTERNET_INVALID_CA} and a message
 * that gives the key's SHA-256 fingerprint, unless {@link Builder#acceptNewHostKey(boolean)} is on
 * (OpenSSH's {@code StrictHostKeyChecking=accept-new}), which adds it to the file; a key different
 * from the one in the file always fails, with {@code ERROR_INTERNET_SEC_INVALID_CERT}.
 *
 * <p>Authentication tries, in order, the key files (or, without any, the agent when
 * {@link Builder#agent(boolean)} is on), then the request's password (for both {@code password} and
 * {@code keyboard-interactive}). A request with neither a key file, the agent nor a password fails
 * with {@code ERROR_INTERNET_INCORRECT_PASSWORD} before connecting: SFTP has no anonymous login.
 */
public final class SftpOptions {

    private final Path knownHosts;
    private final boolean acceptNewHostKey;
    private final List<Identity> identities;
    private final boolean agent;
    private final Path agentSocket;

    private SftpOptions(Builder builder) {
        this.knownHosts = builder.knownHosts;
        this.acceptNewHostKey = builder.acceptNewHostKey;
        this.identities = List.copyOf(builder.identities);
        this.agent = builder.agent;
        this.agentSocket = builder.agentSocket;
    }

    /** The defaults: the user's {@code ~/.ssh/known_hosts}, strict checking, no key file, no agent. */
    public static SftpOptions defaults() {
        return newBuilder().build();
    }

    /** A builder with the defaults. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** The {@code known_hosts} file: the user's {@code ~/.ssh/known_hosts} unless set. */
    public Path knownHosts() {
        return knownHosts != null ? knownHosts
                : Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }

    /** Whether an unknown host key is accepted and added to {@link #knownHosts()}. */
    public boolean acceptNewHostKey() {
        return acceptNewHostKey;
    }

    /** The key files, tried in order. */
    public List<Identity> identities() {
        return identities;
    }

    /** Whether an ssh-agent is asked for keys. */
    public boolean agent() {
        return agent;
    }

    /**
     * The agent's socket: the one {@link Builder#agent(Path)} gave, or none for the environment's
     * {@code SSH_AUTH_SOCK}.
     */
    public Optional<Path> agentSocket() {
        return Optional.ofNullable(agentSocket);
    }

    /** No passphrase. */
    @Override
    public String toString() {
        return "SftpOptions[knownHosts=" + knownHosts() + (acceptNewHostKey ? ", acceptNewHostKey" : "")
                + ", identities=" + identities + (agent ? ", agent" + (agentSocket == null ? "" : " at " + agentSocket) : "")
                + "]";
    }

    /**
     * An OpenSSH private key file (Ed25519, ECDSA or RSA; OpenSSH's own format or PEM), with the
     * passphrase of an encrypted one.
     *
     * @param keyFile the private key file
     * @param passphrase its passphrase, if it is encrypted
     */
    public record Identity(Path keyFile, Optional<String> passphrase) {

        /** Checks the fields. */
        public Identity {
            Objects.requireNonNull(keyFile, "keyFile");
            Objects.requireNonNull(passphrase, "passphrase");
        }

        /** The file and whether it has a passphrase, not the passphrase. */
        @Override
        public String toString() {
            return keyFile + (passphrase.isPresent() ? " (passphrase hidden)" : "");
        }
    }

    /** Builds {@link SftpOptions}. Not thread-safe. */
    public static final class Builder {

        private Path knownHosts;
        private boolean acceptNewHostKey;
        private final List<Identity> identities = new ArrayList<>();
        private boolean agent;
        private Path agentSocket;

        private Builder() {
        }

        /** The OpenSSH {@code known_hosts} file that host keys are checked against. */
        public Builder knownHosts(Path file) {
            this.knownHosts = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Accept a host key the file does not have and add it (hashed names are not written);
         * a changed key is still refused.
         */
        public Builder acceptNewHostKey(boolean accept) {
            this.acceptNewHostKey = accept;
            return this;
        }

        /** Adds an unencrypted private key file. */
        public Builder identity(Path keyFile) {
            identities.add(new Identity(keyFile, Optional.empty()));
            return this;
        }

        /** Adds an encrypted private key file and its passphrase. */
        public Builder identity(Path keyFile, String passphrase) {
            identities.add(new Identity(keyFile, Optional.of(Objects.requireNonNull(passphrase, "passphrase"))));
            return this;
        }

        /**
         * Ask the running ssh-agent ({@code SSH_AUTH_SOCK}) for keys, in place of key files (when
         * key files are given too, they are used and the agent is not).
         */
        public Builder agent(boolean agent) {
            this.agent = agent;
            this.agentSocket = null;
            return this;
        }

        /** Ask the ssh-agent listening on this Unix socket for keys, as {@link #agent(boolean)}. */
        public Builder agent(Path socket) {
            this.agent = true;
            this.agentSocket = Objects.requireNonNull(socket, "socket");
            return this;
        }

        /** The options. */
        public SftpOptions build() {
            return new SftpOptions(this);
        }
    }
}
