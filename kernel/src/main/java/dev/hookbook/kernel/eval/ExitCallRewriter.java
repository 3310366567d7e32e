package dev.hookbook.kernel.eval;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites a snippet's compiled class so that its calls of {@code System.exit},
 * {@code Runtime.exit} and {@code Runtime.halt}, direct or as method references
 * ({@code System::exit}), go to {@link ExitCalls}, which fails the cell instead of ending the
 * JVM; and its calls of {@code System.setSecurityManager}, which would lock the kernel out of its
 * own sockets and files, go to {@link SecurityManagerCalls}, which refuses them. Each replacement takes the same arguments off the stack, so nothing else changes.
 *
 * <p>Only the snippets' own classes are rewritten: a library that exits, or a call through
 * reflection, still ends the session.
 */
final class ExitCallRewriter {

    private static final String TARGET = Type.getInternalName(ExitCalls.class);
    private static final String SECURITY_TARGET = Type.getInternalName(SecurityManagerCalls.class);
    private static final String SET_SECURITY_MANAGER = "(Ljava/lang/SecurityManager;)V";
    private static final String SYSTEM = "java/lang/System";
    private static final String RUNTIME = "java/lang/Runtime";

    private ExitCallRewriter() {}

    /** {@code classBytes} with the exit calls redirected; the same bytes when there is none. */
    static byte[] rewrite(byte[] classBytes) {
        ClassReader reader = new ClassReader(classBytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean[] changed = {false};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean isInterface) {
                        String replacement = replacementOf(owner, method, desc);
                        if (replacement == null) {
                            super.visitMethodInsn(opcode, owner, method, desc, isInterface);
                            return;
                        }
                        changed[0] = true;
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, targetOf(replacement), replacement,
                                replacementDescriptor(owner, desc), false);
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String name, String desc, Handle bootstrap, Object... arguments) {
                        Object[] rewritten = arguments.clone();
                        for (int i = 0; i < rewritten.length; i++) {
                            if (rewritten[i] instanceof Handle handle) {
                                String replacement = replacementOf(handle.getOwner(), handle.getName(), handle.getDesc());
                                if (replacement != null) {
                                    changed[0] = true;
                                    rewritten[i] = new Handle(Opcodes.H_INVOKESTATIC, targetOf(replacement), replacement,
                                            replacementDescriptor(handle.getOwner(), handle.getDesc()), false);
                                }
                            }
                        }
                        super.visitInvokeDynamicInsn(name, desc, bootstrap, rewritten);
                    }
                };
            }
        }, 0);
        return changed[0] ? writer.toByteArray() : classBytes;
    }

    /** The {@link ExitCalls} method that stands in for {@code owner.method desc}, or null. */
    private static String replacementOf(String owner, String method, String desc) {
        if (owner.equals(SYSTEM) && method.equals("setSecurityManager") && desc.equals(SET_SECURITY_MANAGER)) {
            return "setSecurityManager";
        }
        if (!desc.equals("(I)V")) {
            return null;
        }
        if (owner.equals(SYSTEM) && method.equals("exit")) {
            return "systemExit";
        }
        if (owner.equals(RUNTIME) && method.equals("exit")) {
            return "runtimeExit";
        }
        if (owner.equals(RUNTIME) && method.equals("halt")) {
            return "runtimeHalt";
        }
        return null;
    }

    /** The class that holds {@code replacement}. */
    private static String targetOf(String replacement) {
        return replacement.equals("setSecurityManager") ? SECURITY_TARGET : TARGET;
    }

    /** A static stand-in takes the receiver of an instance method as its first argument. */
    private static String replacementDescriptor(String owner, String desc) {
        return owner.equals(SYSTEM) ? desc : "(Ljava/lang/Runtime;" + desc.substring(1);
    }
}
