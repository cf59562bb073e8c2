package io.inetkit.cli;

import io.inetkit.InternetError;
import io.inetkit.InternetException;
import io.inetkit.sftp.SftpOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.ArgSpec;

/**
 * The SSH options of sftp:// URLs, as curl spells them where curl has them: {@code --key FILE}
 * and {@code --pass PHRASE} (a private key and its passphrase), {@code --known-hosts FILE}, and
 * {@code --accept-new-host-key} (OpenSSH's {@code StrictHostKeyChecking=accept-new}).
 */
final class SshOptions {

    Path key;
    String passphrase; // never printed: SftpOptions' toString hides it too
    Path knownHosts;
    boolean acceptNewHostKey;

    /** Declares the options for a command, which keeps their values here. */
    void addTo(List<ArgSpec> command) {
        command.add(CommandModel.option(this, "key", "--key")
                .paramLabel("FILE")
                .description("SFTP: log in with this private key file (OpenSSH or PEM; Ed25519, ECDSA, RSA), as"
                        + " curl's --key; without it, the keys of the ssh-agent at $SSH_AUTH_SOCK, as curl's. The"
                        + " password, if any, is tried after them.").build());
        command.add(CommandModel.option(this, "passphrase", "--pass")
                .paramLabel("PHRASE")
                .description("SFTP: the passphrase of an encrypted --key, as curl's --pass.").build());
        command.add(CommandModel.option(this, "knownHosts", "--known-hosts").paramLabel("FILE")
                .description("SFTP: check the server's host key against this OpenSSH known_hosts file (default:"
                        + " ~/.ssh/known_hosts); an unknown or changed key is refused, exit status 60.").build());
        command.add(CommandModel.option(this, "acceptNewHostKey", "--accept-new-host-key")
                .description("SFTP: accept a host key the known_hosts file does not have, and add it there; a"
                        + " changed key is still refused.").build());
    }

    /** Whether any of these options was given. */
    boolean given() {
        return key != null || passphrase != null || knownHosts != null || acceptNewHostKey;
    }

    /**
     * The options for the SFTP provider; nothing is read here but whether the key file is one.
     * Without {@code --key}, the agent whose socket {@code SSH_AUTH_SOCK} names, if it exists.
     */
    SftpOptions options(Map<String, String> env) throws InternetException {
        if (passphrase != null && key == null) {
            throw new InternetException(InternetError.INVALID_PARAMETER, "--pass is the passphrase of a --key file;"
                    + " give the key file too");
        }
        SftpOptions.Builder builder = SftpOptions.newBuilder().acceptNewHostKey(acceptNewHostKey);
        if (knownHosts != null) {
            builder.knownHosts(knownHosts);
        }
        if (key != null) {
            if (!Files.isRegularFile(key) || !Files.isReadable(key)) {
                // As curl's "couldn't read a file": nothing is sent without the key asked for.
                throw new ExitStatus.Known(new InternetException(InternetError.FILE_NOT_FOUND, "--key " + key
                        + ": no such readable file; nothing was sent"), ExitStatus.READ_ERROR);
            }
            if (passphrase != null) {
                builder.identity(key, passphrase);
            } else {
                builder.identity(key);
            }
        } else {
            String agent = env.get("SSH_AUTH_SOCK");
            if (agent != null && !agent.isEmpty() && Files.exists(Path.of(agent))) {
                builder.agent(Path.of(agent));
            }
        }
        return builder.build();
    }
}
