package io.inetkit.testkit.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ftpserver.ftplet.Authentication;
import org.apache.ftpserver.ftplet.AuthenticationFailedException;
import org.apache.ftpserver.ftplet.User;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.usermanager.AnonymousAuthentication;
import org.apache.ftpserver.usermanager.UsernamePasswordAuthentication;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.TransferRatePermission;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/**
 * A fixed set of FTP accounts held in memory. MINA's own user managers read and write a
 * properties file, which a test server must not leave behind; this one touches no file and
 * refuses changes, so the accounts a test configured are the accounts it gets.
 */
public final class InMemoryUserManager implements UserManager {

    private final Map<String, BaseUser> users = new LinkedHashMap<>();

    public InMemoryUserManager(List<FtpAccount> accounts) {
        for (FtpAccount account : accounts) {
            users.put(account.name(), toUser(account));
        }
    }

    private static BaseUser toUser(FtpAccount account) {
        BaseUser user = new BaseUser();
        user.setName(account.name());
        user.setPassword(account.password());
        user.setHomeDirectory(account.home().toAbsolutePath().toString());
        user.setEnabled(true);
        // MINA refuses a login unless some authority grants ConcurrentLoginRequest; 0 means no limit.
        user.setAuthorities(account.write()
                ? List.of(new ConcurrentLoginPermission(0, 0), new TransferRatePermission(0, 0), new WritePermission())
                : List.of(new ConcurrentLoginPermission(0, 0), new TransferRatePermission(0, 0)));
        return user;
    }

    @Override
    public User getUserByName(String name) {
        return users.get(name);
    }

    @Override
    public String[] getAllUserNames() {
        return users.keySet().toArray(String[]::new);
    }

    @Override
    public void delete(String name) {
        throw new UnsupportedOperationException("the test server's accounts are fixed when it is built");
    }

    @Override
    public void save(User user) {
        throw new UnsupportedOperationException("the test server's accounts are fixed when it is built");
    }

    @Override
    public boolean doesExist(String name) {
        return users.containsKey(name);
    }

    @Override
    public User authenticate(Authentication authentication) throws AuthenticationFailedException {
        if (authentication instanceof AnonymousAuthentication) {
            BaseUser anonymous = users.get(FtpAccount.ANONYMOUS);
            if (anonymous == null) {
                throw new AuthenticationFailedException("anonymous login is off");
            }
            return anonymous;
        }
        if (authentication instanceof UsernamePasswordAuthentication login) {
            BaseUser user = users.get(login.getUsername());
            if (user == null || user.getPassword() == null || !user.getPassword().equals(login.getPassword())) {
                throw new AuthenticationFailedException("wrong user name or password");
            }
            return user;
        }
        throw new AuthenticationFailedException("unsupported authentication " + authentication.getClass().getSimpleName());
    }

    @Override
    public String getAdminName() {
        // No account is an administrator: MINA's SITE commands for admins stay closed.
        return "";
    }

    @Override
    public boolean isAdmin(String name) {
        return false;
    }
}
