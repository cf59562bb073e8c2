package io.inetkit;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A WinINet error: the numeric code that {@code GetLastError()} would return, its WinINet name and
 * what it means.
 *
 * <p>Every {@link InternetException} carries one, so that code ported from WinINet can still switch
 * on the numbers, and scripts can match the names that the {@code inetkit} command prints:
 *
 * <pre>{@code
 * try {
 *     session.get("/pub/file.txt", Path.of("file.txt"));
 * } catch (InternetException e) {
 *     if (e.error() == InternetError.TIMEOUT) {
 *         retryLater();
 *     }
 *     System.err.println(e.error().winInetName() + " (" + e.code() + "): " + e.getMessage());
 * }
 * }</pre>
 *
 * <p>The constants are named for their WinINet names without {@code ERROR_} and, for the
 * {@code ERROR_INTERNET_} group, without {@code INTERNET_}: {@code ERROR_INTERNET_TIMEOUT} is
 * {@link #TIMEOUT}, {@code ERROR_FTP_DROPPED} is {@link #FTP_DROPPED}. The codes below 12000 are
 * the general Win32 errors that WinINet functions also return.
 */
public enum InternetError {
    /** {@code ERROR_FILE_NOT_FOUND} (2): the file was not found. */
    FILE_NOT_FOUND(2, "ERROR_FILE_NOT_FOUND", "the file was not found"),

    /** {@code ERROR_ACCESS_DENIED} (5): access is denied. */
    ACCESS_DENIED(5, "ERROR_ACCESS_DENIED", "access is denied"),

    /** {@code ERROR_INVALID_HANDLE} (6): the handle is closed or invalid. */
    INVALID_HANDLE(6, "ERROR_INVALID_HANDLE", "the handle is closed or invalid"),

    /** {@code ERROR_NO_MORE_FILES} (18): there are no more entries. */
    NO_MORE_FILES(18, "ERROR_NO_MORE_FILES", "there are no more entries"),

    /** {@code ERROR_NOT_SUPPORTED} (50): the request is not supported. */
    NOT_SUPPORTED(50, "ERROR_NOT_SUPPORTED", "the request is not supported"),

    /** {@code ERROR_FILE_EXISTS} (80): the file exists. */
    FILE_EXISTS(80, "ERROR_FILE_EXISTS", "the file exists"),

    /** {@code ERROR_INVALID_PARAMETER} (87): a parameter is invalid. */
    INVALID_PARAMETER(87, "ERROR_INVALID_PARAMETER", "a parameter is invalid"),

    /** {@code ERROR_DISK_FULL} (112): there is not enough space on the disk. */
    DISK_FULL(112, "ERROR_DISK_FULL", "there is not enough space on the disk"),

    /** {@code ERROR_INSUFFICIENT_BUFFER} (122): the buffer is too small. */
    INSUFFICIENT_BUFFER(122, "ERROR_INSUFFICIENT_BUFFER", "the buffer is too small"),

    /** {@code ERROR_IO_PENDING} (997): the operation is pending. */
    IO_PENDING(997, "ERROR_IO_PENDING", "the operation is pending"),

    /** {@code ERROR_INTERNET_OUT_OF_HANDLES} (12001): no more handles could be generated. */
    OUT_OF_HANDLES(12001, "ERROR_INTERNET_OUT_OF_HANDLES", "no more handles could be generated"),

    /** {@code ERROR_INTERNET_TIMEOUT} (12002): the operation timed out. */
    TIMEOUT(12002, "ERROR_INTERNET_TIMEOUT", "the operation timed out"),

    /** {@code ERROR_INTERNET_EXTENDED_ERROR} (12003): the server returned an error; see its reply. */
    EXTENDED_ERROR(12003, "ERROR_INTERNET_EXTENDED_ERROR", "the server returned an error; see its reply"),

    /** {@code ERROR_INTERNET_INTERNAL_ERROR} (12004): an internal error occurred. */
    INTERNAL_ERROR(12004, "ERROR_INTERNET_INTERNAL_ERROR", "an internal error occurred"),

    /** {@code ERROR_INTERNET_INVALID_URL} (12005): the URL is invalid. */
    INVALID_URL(12005, "ERROR_INTERNET_INVALID_URL", "the URL is invalid"),

    /** {@code ERROR_INTERNET_UNRECOGNIZED_SCHEME} (12006): the URL scheme is not recognized or not supported. */
    UNRECOGNIZED_SCHEME(12006, "ERROR_INTERNET_UNRECOGNIZED_SCHEME", "the URL scheme is not recognized or not supported"),

    /** {@code ERROR_INTERNET_NAME_NOT_RESOLVED} (12007): the server name could not be resolved. */
    NAME_NOT_RESOLVED(12007, "ERROR_INTERNET_NAME_NOT_RESOLVED", "the server name could not be resolved"),

    /** {@code ERROR_INTERNET_PROTOCOL_NOT_FOUND} (12008): no provider for the requested protocol is installed. */
    PROTOCOL_NOT_FOUND(12008, "ERROR_INTERNET_PROTOCOL_NOT_FOUND", "no provider for the requested protocol is installed"),

    /** {@code ERROR_INTERNET_INVALID_OPTION} (12009): the option is invalid. */
    INVALID_OPTION(12009, "ERROR_INTERNET_INVALID_OPTION", "the option is invalid"),

    /** {@code ERROR_INTERNET_BAD_OPTION_LENGTH} (12010): the option value has the wrong length. */
    BAD_OPTION_LENGTH(12010, "ERROR_INTERNET_BAD_OPTION_LENGTH", "the option value has the wrong length"),

    /** {@code ERROR_INTERNET_OPTION_NOT_SETTABLE} (12011): the option cannot be set. */
    OPTION_NOT_SETTABLE(12011, "ERROR_INTERNET_OPTION_NOT_SETTABLE", "the option cannot be set"),

    /** {@code ERROR_INTERNET_SHUTDOWN} (12012): support for internet functions is being shut down. */
    SHUTDOWN(12012, "ERROR_INTERNET_SHUTDOWN", "support for internet functions is being shut down"),

    /** {@code ERROR_INTERNET_INCORRECT_USER_NAME} (12013): the user name is incorrect. */
    INCORRECT_USER_NAME(12013, "ERROR_INTERNET_INCORRECT_USER_NAME", "the user name is incorrect"),

    /** {@code ERROR_INTERNET_INCORRECT_PASSWORD} (12014): the password is incorrect. */
    INCORRECT_PASSWORD(12014, "ERROR_INTERNET_INCORRECT_PASSWORD", "the password is incorrect"),

    /** {@code ERROR_INTERNET_LOGIN_FAILURE} (12015): the login failed. */
    LOGIN_FAILURE(12015, "ERROR_INTERNET_LOGIN_FAILURE", "the login failed"),

    /** {@code ERROR_INTERNET_INVALID_OPERATION} (12016): the operation is invalid. */
    INVALID_OPERATION(12016, "ERROR_INTERNET_INVALID_OPERATION", "the operation is invalid"),

    /** {@code ERROR_INTERNET_OPERATION_CANCELLED} (12017): the operation was cancelled. */
    OPERATION_CANCELLED(12017, "ERROR_INTERNET_OPERATION_CANCELLED", "the operation was cancelled"),

    /** {@code ERROR_INTERNET_INCORRECT_HANDLE_TYPE} (12018): the handle is of the wrong type for this operation. */
    INCORRECT_HANDLE_TYPE(12018, "ERROR_INTERNET_INCORRECT_HANDLE_TYPE", "the handle is of the wrong type for this operation"),

    /** {@code ERROR_INTERNET_INCORRECT_HANDLE_STATE} (12019): the handle is not in the right state for this operation. */
    INCORRECT_HANDLE_STATE(12019, "ERROR_INTERNET_INCORRECT_HANDLE_STATE", "the handle is not in the right state for this operation"),

    /** {@code ERROR_INTERNET_NOT_PROXY_REQUEST} (12020): the request cannot be made through a proxy. */
    NOT_PROXY_REQUEST(12020, "ERROR_INTERNET_NOT_PROXY_REQUEST", "the request cannot be made through a proxy"),

    /** {@code ERROR_INTERNET_REGISTRY_VALUE_NOT_FOUND} (12021): registry value not found. */
    REGISTRY_VALUE_NOT_FOUND(12021, "ERROR_INTERNET_REGISTRY_VALUE_NOT_FOUND", "registry value not found"),

    /** {@code ERROR_INTERNET_BAD_REGISTRY_PARAMETER} (12022): bad registry parameter. */
    BAD_REGISTRY_PARAMETER(12022, "ERROR_INTERNET_BAD_REGISTRY_PARAMETER", "bad registry parameter"),

    /** {@code ERROR_INTERNET_NO_DIRECT_ACCESS} (12023): no direct access. */
    NO_DIRECT_ACCESS(12023, "ERROR_INTERNET_NO_DIRECT_ACCESS", "no direct access"),

    /** {@code ERROR_INTERNET_NO_CONTEXT} (12024): no context. */
    NO_CONTEXT(12024, "ERROR_INTERNET_NO_CONTEXT", "no context"),

    /** {@code ERROR_INTERNET_NO_CALLBACK} (12025): no callback. */
    NO_CALLBACK(12025, "ERROR_INTERNET_NO_CALLBACK", "no callback"),

    /** {@code ERROR_INTERNET_REQUEST_PENDING} (12026): request pending. */
    REQUEST_PENDING(12026, "ERROR_INTERNET_REQUEST_PENDING", "request pending"),

    /** {@code ERROR_INTERNET_INCORRECT_FORMAT} (12027): incorrect format. */
    INCORRECT_FORMAT(12027, "ERROR_INTERNET_INCORRECT_FORMAT", "incorrect format"),

    /** {@code ERROR_INTERNET_ITEM_NOT_FOUND} (12028): item not found. */
    ITEM_NOT_FOUND(12028, "ERROR_INTERNET_ITEM_NOT_FOUND", "item not found"),

    /** {@code ERROR_INTERNET_CANNOT_CONNECT} (12029): the connection to the server failed. */
    CANNOT_CONNECT(12029, "ERROR_INTERNET_CANNOT_CONNECT", "the connection to the server failed"),

    /** {@code ERROR_INTERNET_CONNECTION_ABORTED} (12030): the connection was aborted. */
    CONNECTION_ABORTED(12030, "ERROR_INTERNET_CONNECTION_ABORTED", "the connection was aborted"),

    /** {@code ERROR_INTERNET_CONNECTION_RESET} (12031): the connection was reset. */
    CONNECTION_RESET(12031, "ERROR_INTERNET_CONNECTION_RESET", "the connection was reset"),

    /** {@code ERROR_INTERNET_FORCE_RETRY} (12032): the request must be retried. */
    FORCE_RETRY(12032, "ERROR_INTERNET_FORCE_RETRY", "the request must be retried"),

    /** {@code ERROR_INTERNET_INVALID_PROXY_REQUEST} (12033): the proxy request is invalid. */
    INVALID_PROXY_REQUEST(12033, "ERROR_INTERNET_INVALID_PROXY_REQUEST", "the proxy request is invalid"),

    /** {@code ERROR_INTERNET_NEED_UI} (12034): need ui. */
    NEED_UI(12034, "ERROR_INTERNET_NEED_UI", "need ui"),

    /** {@code ERROR_INTERNET_HANDLE_EXISTS} (12036): the handle already exists. */
    HANDLE_EXISTS(12036, "ERROR_INTERNET_HANDLE_EXISTS", "the handle already exists"),

    /** {@code ERROR_INTERNET_SEC_CERT_DATE_INVALID} (12037): the server certificate has expired or is not yet valid. */
    SEC_CERT_DATE_INVALID(12037, "ERROR_INTERNET_SEC_CERT_DATE_INVALID", "the server certificate has expired or is not yet valid"),

    /** {@code ERROR_INTERNET_SEC_CERT_CN_INVALID} (12038): the server certificate does not match the host name. */
    SEC_CERT_CN_INVALID(12038, "ERROR_INTERNET_SEC_CERT_CN_INVALID", "the server certificate does not match the host name"),

    /** {@code ERROR_INTERNET_HTTP_TO_HTTPS_ON_REDIR} (12039): a redirect went from HTTP to HTTPS. */
    HTTP_TO_HTTPS_ON_REDIR(12039, "ERROR_INTERNET_HTTP_TO_HTTPS_ON_REDIR", "a redirect went from HTTP to HTTPS"),

    /** {@code ERROR_INTERNET_HTTPS_TO_HTTP_ON_REDIR} (12040): a redirect went from HTTPS to HTTP. */
    HTTPS_TO_HTTP_ON_REDIR(12040, "ERROR_INTERNET_HTTPS_TO_HTTP_ON_REDIR", "a redirect went from HTTPS to HTTP"),

    /** {@code ERROR_INTERNET_MIXED_SECURITY} (12041): mixed security. */
    MIXED_SECURITY(12041, "ERROR_INTERNET_MIXED_SECURITY", "mixed security"),

    /** {@code ERROR_INTERNET_CHG_POST_IS_NON_SECURE} (12042): chg post is non secure. */
    CHG_POST_IS_NON_SECURE(12042, "ERROR_INTERNET_CHG_POST_IS_NON_SECURE", "chg post is non secure"),

    /** {@code ERROR_INTERNET_POST_IS_NON_SECURE} (12043): post is non secure. */
    POST_IS_NON_SECURE(12043, "ERROR_INTERNET_POST_IS_NON_SECURE", "post is non secure"),

    /** {@code ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED} (12044): the server asks for a client certificate. */
    CLIENT_AUTH_CERT_NEEDED(12044, "ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED", "the server asks for a client certificate"),

    /** {@code ERROR_INTERNET_INVALID_CA} (12045): the server certificate is not issued by a trusted authority. */
    INVALID_CA(12045, "ERROR_INTERNET_INVALID_CA", "the server certificate is not issued by a trusted authority"),

    /** {@code ERROR_INTERNET_CLIENT_AUTH_NOT_SETUP} (12046): client auth not setup. */
    CLIENT_AUTH_NOT_SETUP(12046, "ERROR_INTERNET_CLIENT_AUTH_NOT_SETUP", "client auth not setup"),

    /** {@code ERROR_INTERNET_ASYNC_THREAD_FAILED} (12047): async thread failed. */
    ASYNC_THREAD_FAILED(12047, "ERROR_INTERNET_ASYNC_THREAD_FAILED", "async thread failed"),

    /** {@code ERROR_INTERNET_REDIRECT_SCHEME_CHANGE} (12048): a redirect changed the scheme. */
    REDIRECT_SCHEME_CHANGE(12048, "ERROR_INTERNET_REDIRECT_SCHEME_CHANGE", "a redirect changed the scheme"),

    /** {@code ERROR_INTERNET_DIALOG_PENDING} (12049): dialog pending. */
    DIALOG_PENDING(12049, "ERROR_INTERNET_DIALOG_PENDING", "dialog pending"),

    /** {@code ERROR_INTERNET_RETRY_DIALOG} (12050): retry dialog. */
    RETRY_DIALOG(12050, "ERROR_INTERNET_RETRY_DIALOG", "retry dialog"),

    /** {@code ERROR_INTERNET_HTTPS_HTTP_SUBMIT_REDIR} (12052): https http submit redir. */
    HTTPS_HTTP_SUBMIT_REDIR(12052, "ERROR_INTERNET_HTTPS_HTTP_SUBMIT_REDIR", "https http submit redir"),

    /** {@code ERROR_INTERNET_INSERT_CDROM} (12053): insert cdrom. */
    INSERT_CDROM(12053, "ERROR_INTERNET_INSERT_CDROM", "insert cdrom"),

    /** {@code ERROR_INTERNET_FORTEZZA_LOGIN_NEEDED} (12054): fortezza login needed. */
    FORTEZZA_LOGIN_NEEDED(12054, "ERROR_INTERNET_FORTEZZA_LOGIN_NEEDED", "fortezza login needed"),

    /** {@code ERROR_INTERNET_SEC_CERT_ERRORS} (12055): the server certificate has errors. */
    SEC_CERT_ERRORS(12055, "ERROR_INTERNET_SEC_CERT_ERRORS", "the server certificate has errors"),

    /** {@code ERROR_INTERNET_SEC_CERT_NO_REV} (12056): sec cert no rev. */
    SEC_CERT_NO_REV(12056, "ERROR_INTERNET_SEC_CERT_NO_REV", "sec cert no rev"),

    /** {@code ERROR_INTERNET_SEC_CERT_REV_FAILED} (12057): the revocation check of the certificate failed. */
    SEC_CERT_REV_FAILED(12057, "ERROR_INTERNET_SEC_CERT_REV_FAILED", "the revocation check of the certificate failed"),

    /** {@code ERROR_HTTP_HSTS_REDIRECT_REQUIRED} (12060): http hsts redirect required. */
    HTTP_HSTS_REDIRECT_REQUIRED(12060, "ERROR_HTTP_HSTS_REDIRECT_REQUIRED", "http hsts redirect required"),

    /** {@code ERROR_INTERNET_SEC_CERT_WEAK_SIGNATURE} (12062): sec cert weak signature. */
    SEC_CERT_WEAK_SIGNATURE(12062, "ERROR_INTERNET_SEC_CERT_WEAK_SIGNATURE", "sec cert weak signature"),

    /** {@code ERROR_FTP_TRANSFER_IN_PROGRESS} (12110): another transfer is in progress on this FTP session. */
    FTP_TRANSFER_IN_PROGRESS(12110, "ERROR_FTP_TRANSFER_IN_PROGRESS", "another transfer is in progress on this FTP session"),

    /** {@code ERROR_FTP_DROPPED} (12111): the FTP session was ended. */
    FTP_DROPPED(12111, "ERROR_FTP_DROPPED", "the FTP session was ended"),

    /** {@code ERROR_FTP_NO_PASSIVE_MODE} (12112): the FTP server refused passive mode. */
    FTP_NO_PASSIVE_MODE(12112, "ERROR_FTP_NO_PASSIVE_MODE", "the FTP server refused passive mode"),

    /** {@code ERROR_GOPHER_PROTOCOL_ERROR} (12130): the Gopher server sent data that could not be parsed. */
    GOPHER_PROTOCOL_ERROR(12130, "ERROR_GOPHER_PROTOCOL_ERROR", "the Gopher server sent data that could not be parsed"),

    /** {@code ERROR_GOPHER_NOT_FILE} (12131): the Gopher locator does not name a file. */
    GOPHER_NOT_FILE(12131, "ERROR_GOPHER_NOT_FILE", "the Gopher locator does not name a file"),

    /** {@code ERROR_GOPHER_DATA_ERROR} (12132): the Gopher data is in error. */
    GOPHER_DATA_ERROR(12132, "ERROR_GOPHER_DATA_ERROR", "the Gopher data is in error"),

    /** {@code ERROR_GOPHER_END_OF_DATA} (12133): the end of the Gopher data was reached. */
    GOPHER_END_OF_DATA(12133, "ERROR_GOPHER_END_OF_DATA", "the end of the Gopher data was reached"),

    /** {@code ERROR_GOPHER_INVALID_LOCATOR} (12134): the Gopher locator is invalid. */
    GOPHER_INVALID_LOCATOR(12134, "ERROR_GOPHER_INVALID_LOCATOR", "the Gopher locator is invalid"),

    /** {@code ERROR_GOPHER_INCORRECT_LOCATOR_TYPE} (12135): the Gopher locator is of the wrong type for this operation. */
    GOPHER_INCORRECT_LOCATOR_TYPE(12135, "ERROR_GOPHER_INCORRECT_LOCATOR_TYPE", "the Gopher locator is of the wrong type for this operation"),

    /** {@code ERROR_GOPHER_NOT_GOPHER_PLUS} (12136): the Gopher item is not a Gopher+ item. */
    GOPHER_NOT_GOPHER_PLUS(12136, "ERROR_GOPHER_NOT_GOPHER_PLUS", "the Gopher item is not a Gopher+ item"),

    /** {@code ERROR_GOPHER_ATTRIBUTE_NOT_FOUND} (12137): the Gopher+ attribute was not found. */
    GOPHER_ATTRIBUTE_NOT_FOUND(12137, "ERROR_GOPHER_ATTRIBUTE_NOT_FOUND", "the Gopher+ attribute was not found"),

    /** {@code ERROR_GOPHER_UNKNOWN_LOCATOR} (12138): the Gopher locator type is unknown. */
    GOPHER_UNKNOWN_LOCATOR(12138, "ERROR_GOPHER_UNKNOWN_LOCATOR", "the Gopher locator type is unknown"),

    /** {@code ERROR_HTTP_HEADER_NOT_FOUND} (12150): the HTTP header was not found. */
    HTTP_HEADER_NOT_FOUND(12150, "ERROR_HTTP_HEADER_NOT_FOUND", "the HTTP header was not found"),

    /** {@code ERROR_HTTP_DOWNLEVEL_SERVER} (12151): the server does not support the requested HTTP feature. */
    HTTP_DOWNLEVEL_SERVER(12151, "ERROR_HTTP_DOWNLEVEL_SERVER", "the server does not support the requested HTTP feature"),

    /** {@code ERROR_HTTP_INVALID_SERVER_RESPONSE} (12152): the server response could not be parsed. */
    HTTP_INVALID_SERVER_RESPONSE(12152, "ERROR_HTTP_INVALID_SERVER_RESPONSE", "the server response could not be parsed"),

    /** {@code ERROR_HTTP_INVALID_HEADER} (12153): the HTTP header is invalid. */
    HTTP_INVALID_HEADER(12153, "ERROR_HTTP_INVALID_HEADER", "the HTTP header is invalid"),

    /** {@code ERROR_HTTP_INVALID_QUERY_REQUEST} (12154): the header query is invalid. */
    HTTP_INVALID_QUERY_REQUEST(12154, "ERROR_HTTP_INVALID_QUERY_REQUEST", "the header query is invalid"),

    /** {@code ERROR_HTTP_HEADER_ALREADY_EXISTS} (12155): the HTTP header already exists. */
    HTTP_HEADER_ALREADY_EXISTS(12155, "ERROR_HTTP_HEADER_ALREADY_EXISTS", "the HTTP header already exists"),

    /** {@code ERROR_HTTP_REDIRECT_FAILED} (12156): the redirect failed. */
    HTTP_REDIRECT_FAILED(12156, "ERROR_HTTP_REDIRECT_FAILED", "the redirect failed"),

    /** {@code ERROR_INTERNET_SECURITY_CHANNEL_ERROR} (12157): the TLS channel failed. */
    SECURITY_CHANNEL_ERROR(12157, "ERROR_INTERNET_SECURITY_CHANNEL_ERROR", "the TLS channel failed"),

    /** {@code ERROR_INTERNET_UNABLE_TO_CACHE_FILE} (12158): unable to cache file. */
    UNABLE_TO_CACHE_FILE(12158, "ERROR_INTERNET_UNABLE_TO_CACHE_FILE", "unable to cache file"),

    /** {@code ERROR_INTERNET_TCPIP_NOT_INSTALLED} (12159): tcpip not installed. */
    TCPIP_NOT_INSTALLED(12159, "ERROR_INTERNET_TCPIP_NOT_INSTALLED", "tcpip not installed"),

    /** {@code ERROR_HTTP_NOT_REDIRECTED} (12160): the request was not redirected. */
    HTTP_NOT_REDIRECTED(12160, "ERROR_HTTP_NOT_REDIRECTED", "the request was not redirected"),

    /** {@code ERROR_HTTP_COOKIE_NEEDS_CONFIRMATION} (12161): http cookie needs confirmation. */
    HTTP_COOKIE_NEEDS_CONFIRMATION(12161, "ERROR_HTTP_COOKIE_NEEDS_CONFIRMATION", "http cookie needs confirmation"),

    /** {@code ERROR_HTTP_COOKIE_DECLINED} (12162): http cookie declined. */
    HTTP_COOKIE_DECLINED(12162, "ERROR_HTTP_COOKIE_DECLINED", "http cookie declined"),

    /** {@code ERROR_INTERNET_DISCONNECTED} (12163): the network is disconnected. */
    DISCONNECTED(12163, "ERROR_INTERNET_DISCONNECTED", "the network is disconnected"),

    /** {@code ERROR_INTERNET_SERVER_UNREACHABLE} (12164): the server is unreachable. */
    SERVER_UNREACHABLE(12164, "ERROR_INTERNET_SERVER_UNREACHABLE", "the server is unreachable"),

    /** {@code ERROR_INTERNET_PROXY_SERVER_UNREACHABLE} (12165): the proxy server is unreachable. */
    PROXY_SERVER_UNREACHABLE(12165, "ERROR_INTERNET_PROXY_SERVER_UNREACHABLE", "the proxy server is unreachable"),

    /** {@code ERROR_INTERNET_BAD_AUTO_PROXY_SCRIPT} (12166): bad auto proxy script. */
    BAD_AUTO_PROXY_SCRIPT(12166, "ERROR_INTERNET_BAD_AUTO_PROXY_SCRIPT", "bad auto proxy script"),

    /** {@code ERROR_INTERNET_UNABLE_TO_DOWNLOAD_SCRIPT} (12167): unable to download script. */
    UNABLE_TO_DOWNLOAD_SCRIPT(12167, "ERROR_INTERNET_UNABLE_TO_DOWNLOAD_SCRIPT", "unable to download script"),

    /** {@code ERROR_HTTP_REDIRECT_NEEDS_CONFIRMATION} (12168): http redirect needs confirmation. */
    HTTP_REDIRECT_NEEDS_CONFIRMATION(12168, "ERROR_HTTP_REDIRECT_NEEDS_CONFIRMATION", "http redirect needs confirmation"),

    /** {@code ERROR_INTERNET_SEC_INVALID_CERT} (12169): the server certificate is invalid. */
    SEC_INVALID_CERT(12169, "ERROR_INTERNET_SEC_INVALID_CERT", "the server certificate is invalid"),

    /** {@code ERROR_INTERNET_SEC_CERT_REVOKED} (12170): the server certificate was revoked. */
    SEC_CERT_REVOKED(12170, "ERROR_INTERNET_SEC_CERT_REVOKED", "the server certificate was revoked"),

    /** {@code ERROR_INTERNET_FAILED_DUETOSECURITYCHECK} (12171): failed duetosecuritycheck. */
    FAILED_DUETOSECURITYCHECK(12171, "ERROR_INTERNET_FAILED_DUETOSECURITYCHECK", "failed duetosecuritycheck"),

    /** {@code ERROR_INTERNET_NOT_INITIALIZED} (12172): the library is not initialized. */
    NOT_INITIALIZED(12172, "ERROR_INTERNET_NOT_INITIALIZED", "the library is not initialized"),

    /** {@code ERROR_INTERNET_NEED_MSN_SSPI_PKG} (12173): need msn sspi pkg. */
    NEED_MSN_SSPI_PKG(12173, "ERROR_INTERNET_NEED_MSN_SSPI_PKG", "need msn sspi pkg"),

    /** {@code ERROR_INTERNET_LOGIN_FAILURE_DISPLAY_ENTITY_BODY} (12174): login failure display entity body. */
    LOGIN_FAILURE_DISPLAY_ENTITY_BODY(12174, "ERROR_INTERNET_LOGIN_FAILURE_DISPLAY_ENTITY_BODY", "login failure display entity body"),

    /** {@code ERROR_INTERNET_DECODING_FAILED} (12175): the content could not be decoded. */
    DECODING_FAILED(12175, "ERROR_INTERNET_DECODING_FAILED", "the content could not be decoded"),

    /** {@code ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED_PROXY} (12187): client auth cert needed proxy. */
    CLIENT_AUTH_CERT_NEEDED_PROXY(12187, "ERROR_INTERNET_CLIENT_AUTH_CERT_NEEDED_PROXY", "client auth cert needed proxy"),

    /** {@code ERROR_INTERNET_SECURE_FAILURE_PROXY} (12188): the TLS connection to the proxy failed. */
    SECURE_FAILURE_PROXY(12188, "ERROR_INTERNET_SECURE_FAILURE_PROXY", "the TLS connection to the proxy failed"),

    /** {@code ERROR_INTERNET_HTTP_PROTOCOL_MISMATCH} (12190): http protocol mismatch. */
    HTTP_PROTOCOL_MISMATCH(12190, "ERROR_INTERNET_HTTP_PROTOCOL_MISMATCH", "http protocol mismatch"),

    /** {@code ERROR_INTERNET_GLOBAL_CALLBACK_FAILED} (12191): global callback failed. */
    GLOBAL_CALLBACK_FAILED(12191, "ERROR_INTERNET_GLOBAL_CALLBACK_FAILED", "global callback failed"),

    /** {@code ERROR_INTERNET_FEATURE_DISABLED} (12192): the feature is disabled. */
    FEATURE_DISABLED(12192, "ERROR_INTERNET_FEATURE_DISABLED", "the feature is disabled");

    private static final Map<Integer, InternetError> BY_CODE = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(InternetError::code, Function.identity()));

    private final int code;
    private final String winInetName;
    private final String description;

    InternetError(int code, String winInetName, String description) {
        this.code = code;
        this.winInetName = winInetName;
        this.description = description;
    }

    /** The numeric code, as WinINet's {@code GetLastError()} returns it, for example 12002. */
    public int code() {
        return code;
    }

    /** The WinINet name, for example {@code ERROR_INTERNET_TIMEOUT}. */
    public String winInetName() {
        return winInetName;
    }

    /** What the error means, in a few words, for example "the operation timed out". */
    public String description() {
        return description;
    }

    /** The error with this numeric code, if WinINet defines it. */
    public static Optional<InternetError> fromCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The WinINet name and the code, for example {@code ERROR_INTERNET_TIMEOUT (12002)}. */
    @Override
    public String toString() {
        return winInetName + " (" + code + ")";
    }
}
