package dev.interlock.audit;

import java.nio.file.Path;
import java.util.Set;

import org.jboss.shrinkwrap.api.asset.ByteArrayAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An old WAR written for {@code javax.servlet}: its servlets are found (by annotation and by a
 * J2EE-namespace web.xml) and audited, and reported as javax. Their classes are generated here
 * with ASM, as javac would compile them, since no javax Servlet API is on this build's path.
 */
class JavaxWarTest
{
    @TempDir
    Path dir;

    /** {@code class NAME extends javax.servlet.http.HttpServlet { int hits; doGet(...) { hits++; } }}, annotated if asked. */
    static byte[] javaxServlet(String internalName, String urlPattern)
    {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, "javax/servlet/http/HttpServlet", null);
        if (urlPattern != null)
        {
            var a = cw.visitAnnotation("Ljavax/servlet/annotation/WebServlet;", true);
            var patterns = a.visitArray("urlPatterns");
            patterns.visit(null, urlPattern);
            patterns.visitEnd();
            a.visitEnd();
        }
        cw.visitField(Opcodes.ACC_PRIVATE, "hits", "I", null, null).visitEnd();
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "javax/servlet/http/HttpServlet", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor get = cw.visitMethod(Opcodes.ACC_PROTECTED, "doGet",
            "(Ljavax/servlet/http/HttpServletRequest;Ljavax/servlet/http/HttpServletResponse;)V", null, null);
        get.visitCode();
        get.visitVarInsn(Opcodes.ALOAD, 0);
        get.visitInsn(Opcodes.DUP);
        get.visitFieldInsn(Opcodes.GETFIELD, internalName, "hits", "I");
        get.visitInsn(Opcodes.ICONST_1);
        get.visitInsn(Opcodes.IADD);
        get.visitFieldInsn(Opcodes.PUTFIELD, internalName, "hits", "I");
        get.visitInsn(Opcodes.RETURN);
        get.visitMaxs(0, 0);
        get.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    @Test
    void aJavaxWarIsAuditedAndReportedAsSuch()
    {
        WebArchive war = org.jboss.shrinkwrap.api.ShrinkWrap.create(WebArchive.class, "old.war")
            .add(new ByteArrayAsset(javaxServlet("legacy/OldServlet", "/old")), "WEB-INF/classes/legacy/OldServlet.class")
            .add(new ByteArrayAsset(javaxServlet("legacy/DeclaredServlet", null)), "WEB-INF/classes/legacy/DeclaredServlet.class")
            .addAsWebInfResource(new StringAsset("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE web-app PUBLIC "-//Sun Microsystems, Inc.//DTD Web Application 2.3//EN" "http://java.sun.com/dtd/web-app_2_3.dtd">
                <web-app>
                  <servlet><servlet-name>declared</servlet-name><servlet-class>legacy.DeclaredServlet</servlet-class></servlet>
                  <servlet-mapping><servlet-name>declared</servlet-name><url-pattern>/declared</url-pattern></servlet-mapping>
                </web-app>
                """), "web.xml");
        AuditReport report = Audit.builder().build().run(Wars.export(war, dir));

        assertEquals(2, report.entryPoints().size());
        assertTrue(report.entryPoints().stream().allMatch(e -> e.api() == EntryPoint.Api.JAVAX), report.entryPoints().toString());
        assertEquals("@javax.servlet.annotation.WebServlet", report.entryPoints().stream()
            .filter(e -> e.className().equals("legacy.OldServlet")).findFirst().orElseThrow().declaredBy());
        assertEquals(Set.of("instance-field-write OldServlet.hits", "instance-field-write DeclaredServlet.hits"), Wars.found(report));
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("javax.servlet") && n.contains("ee8/ee9")), report.notes().toString());
        // no line numbers in these class files
        assertTrue(report.findings().get(0).site().line().isEmpty());
    }
}
