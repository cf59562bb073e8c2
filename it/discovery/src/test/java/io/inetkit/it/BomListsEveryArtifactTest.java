package io.inetkit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The BOM aligns every published inetkit artifact, and the parent manages the same ones: a module
 * added without a BOM entry would leave applications with mismatched versions.
 */
class BomListsEveryArtifactTest {

    private static final Path ROOT = Path.of(System.getProperty("inetkit.it.root", "../..")).normalize();

    private static Document parse(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(pom.toFile());
    }

    private static String child(Element element, String name) {
        NodeList nodes = element.getElementsByTagName(name);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }

    /** The io.inetkit artifacts in a POM's dependencyManagement. */
    private static Set<String> managed(Path pom) throws Exception {
        Set<String> artifacts = new TreeSet<>();
        Element management = (Element) parse(pom).getElementsByTagName("dependencyManagement").item(0);
        NodeList dependencies = management.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (child(dependency, "groupId").equals("io.inetkit")) {
                artifacts.add(child(dependency, "artifactId"));
            }
        }
        return artifacts;
    }

    /** The artifacts of the reactor's modules that are deployed (not skipping deploy). */
    private static Set<String> published() throws Exception {
        return modules(true);
    }

    /** The artifacts of the reactor's modules that skip deploy: tests, examples, the command. */
    private static Set<String> unpublished() throws Exception {
        return modules(false);
    }

    private static Set<String> modules(boolean deployed) throws Exception {
        Set<String> artifacts = new TreeSet<>();
        NodeList modules = parse(ROOT.resolve("pom.xml")).getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            Document pom = parse(ROOT.resolve(modules.item(i).getTextContent().trim()).resolve("pom.xml"));
            Element project = pom.getDocumentElement();
            boolean skipped = child(project, "maven.deploy.skip").equals("true");
            String packaging = child(project, "packaging");
            String artifact = directArtifactId(project);
            if (skipped != deployed && !artifact.equals("inetkit-bom") && !packaging.equals("pom")) {
                artifacts.add(artifact);
            }
        }
        return artifacts;
    }

    private static String directArtifactId(Element project) {
        NodeList children = project.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element && ((Element) children.item(i)).getTagName().equals("artifactId")) {
                return children.item(i).getTextContent().trim();
            }
        }
        throw new IllegalStateException("no artifactId");
    }

    @Test
    void theBomListsEveryPublishedModule() throws Exception {
        Set<String> published = published();
        assertFalse(published.isEmpty());
        assertEquals(published, managed(ROOT.resolve("bom/pom.xml")));
    }

    @Test
    void theParentManagesTheSameArtifactsAsTheBomAndUnpublishedOnesOnly() throws Exception {
        Set<String> parent = managed(ROOT.resolve("pom.xml"));
        Set<String> bom = managed(ROOT.resolve("bom/pom.xml"));
        parent.removeAll(unpublished());
        assertEquals(bom, parent);
        assertFalse(bom.contains("inetkit-cli"), "the command is not a library: " + bom);
    }
}
