package io.inetkit.mirror;

/** Which names a server may give a local file: none that leaves the directory it is listed in. */
final class Names {

    private Names() {
    }

    /** Why {@code name} may not be a local file's name, or null if it may. */
    static String refusal(String name) {
        if (name.isEmpty()) {
            return "an empty name";
        }
        if (name.equals(".") || name.equals("..")) {
            return "a name that means a directory above or itself";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return "a name with a path separator in it";
            }
            if (c == 0) {
                return "a name with a NUL in it";
            }
        }
        if (name.length() >= 2 && name.charAt(1) == ':' && Character.isLetter(name.charAt(0))) {
            return "a name that starts with a drive letter";
        }
        return null;
    }
}
