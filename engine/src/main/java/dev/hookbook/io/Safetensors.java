package dev.hookbook.io;

import dev.hookbook.io.SafetensorsHeader.Entry;
import dev.hookbook.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * format, so weights move between Hookbook and PyTorch:
 *
 * <pre>{@code
 * Safetensors.save(model.stateDict(), Path.of("mlp.safetensors"));
 * model.loadStateDict(Safetensors.load(Path.of("mlp.safetensors")), true);
 * }</pre>
 *
 * <p>On PyTorch's side the same files are read and written by
 * {@code safetensors.torch.load_file} and {@code save_file}.
 *
 * <p>A file is an 8-byte little-endian header length N, N bytes of UTF-8 JSON describing each
 * tensor ({@code dtype}, {@code shape}, {@code data_offsets} into the data buffer) plus optional
 * string metadata, then the raw little-endian, row-major data. Hookbook writes float32 ({@code F32})
 * and reads BOOL, U8, I8, I16, U16, F16, BF16, I32, U32, F32, F64, I64 and U64, converting every
 * value to float32. Files are checked at least as strictly as the reference implementation checks them;
 * a bad file raises a {@link SafetensorsFormatException} whose one-line message names the file,
 * the tensor and what was expected.
 */
public final class Safetensors {

    // Data moves through a buffer of this size, so huge tensors never need a second full copy.
    private static final int CHUNK_BYTES = 1 << 20;

    // The largest Java array, hence the largest Hookbook tensor.
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private Safetensors() {}

    /** Writes {@code tensors} to {@code file} as float32, replacing the file if it exists. */
    public static void save(Map<String, Tensor> tensors, Path file) throws IOException {
        save(tensors, Map.of(), file);
    }

    /**
     * Writes {@code tensors} and the string {@code metadata} (stored under {@code __metadata__},
     * in the map's iteration order; PyTorch writers often put {@code "format": "pt"} there) to
     * {@code file}, replacing it if it exists.
     *
     * <p>The layout is the one the reference writer produces, so the same tensors give the same
     * bytes: the header starts with '{' and is padded with spaces to a multiple of 8 bytes; tensors
     * are sorted by dtype alignment and then by name, which for float32-only files means by name.
     *
     * @throws IllegalArgumentException if a name is null or {@code "__metadata__"}, or a tensor is null
     */
    public static void save(Map<String, Tensor> tensors, Map<String, String> metadata, Path file)
            throws IOException {
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(file, "file");
        for (var m : metadata.entrySet()) {
            if (m.getKey() == null || m.getValue() == null) {
                throw new IllegalArgumentException("metadata keys and values must not be null: " + m);
            }
        }
        List<String> names = new ArrayList<>(tensors.size());
        for (var t : tensors.entrySet()) {
            if (t.getKey() == null || t.getKey().equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("cannot save a tensor named " + t.getKey()
                        + ": that name is reserved by the safetensors format");
            }
            if (t.getValue() == null) {
                throw new IllegalArgumentException("tensor " + SafetensorsHeader.quote(t.getKey()) + " is null");
            }
            names.add(t.getKey());
        }
        // Rust compares names as UTF-8 bytes; String.compareTo (UTF-16) differs for some characters.
        names.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));

        List<Entry> entries = new ArrayList<>(names.size());
        long offset = 0;
        for (String name : names) {
            long[] shape = Arrays.stream(tensors.get(name).shape()).asLongStream().toArray();
            long bytes = Math.multiplyExact(Arrays.stream(shape).reduce(1, Math::multiplyExact), 4L);
            entries.add(new Entry(name, SafetensorsDtype.F32, shape, offset, offset + bytes));
            offset += bytes;
        }
        byte[] header = SafetensorsHeader.encode(entries, metadata);

        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length));
            writeFully(ch, ByteBuffer.wrap(header));
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry e : entries) {
                float[] data = tensors.get(e.name()).toFloatArray();
                if (data.length != e.numel()) {
                    throw new IllegalStateException("tensor " + SafetensorsHeader.quote(e.name()) + " has shape "
                            + Arrays.toString(e.shape()) + " but " + data.length + " values");
                }
                for (int at = 0; at < data.length; ) {
                    int n = Math.min(CHUNK_BYTES / 4, data.length - at);
                    chunk.clear();
                    chunk.asFloatBuffer().put(data, at, n);   // a bulk copy in the buffer's byte order
                    chunk.limit(4 * n);
                    writeFully(ch, chunk);
                    at += n;
                }
            }
        }
    }

    /**
     * Reads every tensor of {@code file} as float32, in the order of their data in the file.
     * A 0-rank entry becomes a scalar tensor.
     *
     * @throws SafetensorsFormatException if the file is not valid safetensors, holds a dtype
     *         Hookbook cannot convert, or a tensor too large for a Java array
     */
    public static Map<String, Tensor> load(Path file) throws IOException {
        refuseIfNotRegular(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            SafetensorsHeader header = SafetensorsHeader.read(ch, file);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry e : header.entries()) {
                tensors.put(e.name(), readTensor(ch, header.dataStart() + e.begin(), e, chunk, file));
            }
            return tensors;
        }
    }

    /**
     * The {@code __metadata__} map of {@code file} (empty when it has none), in file order. Only
     * the header is read, though it is validated as fully as by {@link #load}.
     */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        refuseIfNotRegular(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return SafetensorsHeader.read(ch, file).metadata();
        }
    }

    /** Opening a FIFO would wait for a writer, a directory fails obscurely: say so at once. (A missing file stays NoSuchFileException.) */
    private static void refuseIfNotRegular(Path file) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IOException(file + ": not a regular file (a directory, a FIFO or a device); expected a .safetensors file");
        }
    }

    private static Tensor readTensor(FileChannel ch, long position, Entry e, ByteBuffer chunk, Path file)
            throws IOException {
        long numel = e.numel();
        if (numel > MAX_ELEMENTS) {
            throw new SafetensorsFormatException(file, e.describe() + " has " + numel
                    + " elements, more than the " + MAX_ELEMENTS + " a Hookbook tensor holds");
        }
        int[] shape = new int[e.shape().length];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = (int) e.shape()[i];   // only an empty tensor can have a dimension beyond int
            if (shape[i] != e.shape()[i]) {
                throw new SafetensorsFormatException(file, e.describe() + ": dimension " + e.shape()[i]
                        + " is larger than a Hookbook tensor allows");
            }
        }
        int size = e.dtype().size;
        float[] values;
        try {
            values = new float[(int) numel];
        } catch (OutOfMemoryError tooBig) {
            // Only this allocation failed, so the JVM is fine: say what would be needed.
            Runtime rt = Runtime.getRuntime();
            throw new IOException(file + ": " + e.describe() + " needs " + numel * 4L + " bytes as float32, more than the "
                    + "Java heap can give now (" + (rt.maxMemory() - rt.totalMemory() + rt.freeMemory())
                    + " bytes free of -Xmx " + rt.maxMemory() + "); start Java with a larger -Xmx", tooBig);
        }
        for (int at = 0; at < values.length; ) {
            int n = Math.min(CHUNK_BYTES / size, values.length - at);
            chunk.clear().limit(n * size);
            SafetensorsHeader.readFully(ch, chunk, position, file, "tensor " + SafetensorsHeader.quote(e.name()));
            chunk.flip();
            e.dtype().decode(chunk, values, at, n);
            position += (long) n * size;
            at += n;
        }
        return shape.length == 0 ? Tensor.scalar(values[0]) : Tensor.of(values, shape);
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
