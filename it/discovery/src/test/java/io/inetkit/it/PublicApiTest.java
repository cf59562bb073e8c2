package io.inetkit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The public API of every published module, as a text dump checked in beside the module
 * ({@code api/api/io.inetkit.api}, ...): every public type of the packages the module exports to
 * everyone, with its public and protected members. A change to the API fails this test until the
 * dump is written again and the difference is reviewed with the change:
 *
 * <pre>./mvnw -B verify -pl it/discovery -am -Dtest=PublicApiTest -Dsurefire.failIfNoSpecifiedTests=false -Dinetkit.api.update=true</pre>
 */
class PublicApiTest {

    private static final Path ROOT = Path.of(System.getProperty("inetkit.it.root", "../..")).normalize();
    private static final boolean UPDATE = Boolean.getBoolean("inetkit.api.update");

    @ParameterizedTest
    @ValueSource(strings = {"api", "testkit", "testkit-conformance", "provider-ftp", "provider-http", "provider-gopher",
            "provider-sftp"})
    void theExportedApiIsTheReviewedOne(String folder) throws Exception {
        Path classes = ROOT.resolve(folder).resolve("target/classes");
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        String dump = dump(module, classes);
        Path file = ROOT.resolve(folder).resolve("api").resolve(module.name() + ".api");
        if (UPDATE) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, dump);
        }
        String reviewed = Files.exists(file) ? Files.readString(file) : "(no dump yet)\n";
        assertEquals(reviewed, dump, "the public API of " + module.name() + " is not the one in " + ROOT.relativize(file)
                + ": review the change, then write the dump again with -Dinetkit.api.update=true (see this class)");
    }

    private static String dump(ModuleDescriptor module, Path classes) throws Exception {
        List<String> packages = module.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).sorted().collect(Collectors.toList());
        StringBuilder out = new StringBuilder("module " + module.name() + "\n");
        if (packages.isEmpty()) {
            return out.append("  exports nothing\n").toString();
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                PublicApiTest.class.getClassLoader())) {
            for (String pkg : packages) {
                out.append("\npackage ").append(pkg).append('\n');
                Path dir = classes.resolve(pkg.replace('.', '/'));
                List<String> names;
                try (Stream<Path> files = Files.list(dir)) {
                    names = files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.equals("package-info.class"))
                            .map(n -> pkg + "." + n.substring(0, n.length() - 6)).sorted()
                            .collect(Collectors.toList());
                }
                for (String name : names) {
                    Class<?> type = Class.forName(name, false, loader);
                    if (Modifier.isPublic(type.getModifiers())) {
                        type(type, "", out);
                    }
                }
            }
        }
        return out.toString();
    }

    private static void type(Class<?> type, String indent, StringBuilder out) {
        out.append(indent).append(header(type)).append('\n');
        TreeSet<String> members = new TreeSet<>();
        for (Field field : type.getDeclaredFields()) {
            if (visible(field) && !field.isSynthetic()) {
                members.add(field.isEnumConstant() ? "enum constant " + field.getName() : field.toGenericString());
            }
        }
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (visible(constructor) && !constructor.isSynthetic()) {
                members.add(constructor.toGenericString());
            }
        }
        for (Method method : type.getDeclaredMethods()) {
            if (visible(method) && !method.isSynthetic() && !method.isBridge()) {
                members.add((method.isDefault() ? "default " : "") + method.toGenericString());
            }
        }
        for (String member : members) {
            // The declaring type is the heading's; each member names it again otherwise.
            out.append(indent).append("  ").append(member.replace(type.getName() + ".", "")).append('\n');
        }
        Class<?>[] nested = type.getDeclaredClasses();
        Arrays.sort(nested, (a, b) -> a.getName().compareTo(b.getName()));
        for (Class<?> inner : nested) {
            if (Modifier.isPublic(inner.getModifiers()) || Modifier.isProtected(inner.getModifiers())) {
                type(inner, indent + "  ", out);
            }
        }
    }

    private static boolean visible(Member member) {
        return Modifier.isPublic(member.getModifiers()) || Modifier.isProtected(member.getModifiers());
    }

    private static String header(Class<?> type) {
        List<String> parts = new ArrayList<>();
        int modifiers = type.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC
                | Modifier.FINAL | Modifier.ABSTRACT);
        String kind = type.isAnnotation() ? "@interface" : type.isInterface() ? "interface"
                : type.isEnum() ? "enum" : type.isRecord() ? "record" : "class";
        if (type.isInterface() || type.isEnum() || type.isRecord()) {
            modifiers &= ~(Modifier.ABSTRACT | Modifier.FINAL | (type.isMemberClass() ? Modifier.STATIC : 0));
        }
        if (modifiers != 0) {
            parts.add(Modifier.toString(modifiers));
        }
        parts.add(kind);
        parts.add(type.getTypeName() + typeParameters(type));
        if (type.getGenericSuperclass() != null && !type.isEnum() && !type.isRecord()
                && type.getSuperclass() != Object.class) {
            parts.add("extends " + type.getGenericSuperclass().getTypeName());
        }
        if (type.getGenericInterfaces().length > 0) {
            parts.add((type.isInterface() ? "extends " : "implements ") + Arrays.stream(type.getGenericInterfaces())
                    .map(java.lang.reflect.Type::getTypeName).collect(Collectors.joining(", ")));
        }
        return String.join(" ", parts);
    }

    private static String typeParameters(Class<?> type) {
        if (type.getTypeParameters().length == 0) {
            return "";
        }
        return Arrays.stream(type.getTypeParameters()).map(v -> v.getName() + (v.getBounds().length == 1
                && v.getBounds()[0] == Object.class ? "" : " extends " + Arrays.stream(v.getBounds())
                .map(java.lang.reflect.Type::getTypeName).collect(Collectors.joining(" & "))))
                .collect(Collectors.joining(", ", "<", ">"));
    }
}
