/** A small FTP client on inetkit: it needs the API alone; the FTP provider comes at run time. */
module com.example.hello {
    requires io.inetkit;
}
