package io.inetkit.it;

import com.example.echo.EchoSession;
import io.inetkit.ConnectRequest;
import io.inetkit.Internet;
import io.inetkit.InternetException;
import io.inetkit.Service;
import io.inetkit.ServiceInfo;

/**
 * The application that the discovery tests start in a child JVM, on a module path or a class path.
 * It prints one line per fact, which the tests read.
 */
public final class Probe {

    private Probe() {
    }

    public static void main(String[] args) throws Exception {
        try (Internet internet = Internet.create()) {
            switch (args[0]) {
                case "services":
                    for (ServiceInfo info : internet.services()) {
                        System.out.println("service " + info.service().id() + " " + info.service().name() + " "
                                + info.module() + " " + info.providerClass());
                    }
                    System.out.println("end");
                    break;
                case "connect-ftp":
                    try {
                        internet.connect(Service.FTP, "127.0.0.1").close();
                        System.out.println("connected");
                    } catch (InternetException e) {
                        System.out.println("error " + e.error().winInetName() + " " + e.code() + " " + e.getMessage());
                    }
                    break;
                case "echo":
                    // Only reached where the Echo provider is installed: EchoSession loads lazily.
                    try (EchoSession echo = internet.connect(ConnectRequest.newBuilder(EchoSession.SERVICE, "127.0.0.1")
                            .port(Integer.parseInt(args[1])).build())) {
                        System.out.println("echo " + echo.echo(args[2]));
                    }
                    break;
                default:
                    throw new IllegalArgumentException(args[0]);
            }
        }
    }
}
