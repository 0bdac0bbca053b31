package dev.siamese.tf.internal;

import dev.siamese.api.ModelException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListMemoryBytes;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OK;

/**
 * What TensorFlow says about itself on this machine: its versions, the native build it loaded and the devices a
 * session sees (a GPU only with the {@code -Pgpu} build and a working driver).
 */
public final class TfDiagnostics {

    private TfDiagnostics() {
    }

    /**
     * The report, in order.
     *
     * @throws ModelException naming the cause when the native library does not load or no session can start
     */
    public static Map<String, String> report(String javaVersion) {
        Map<String, String> report = new LinkedHashMap<>();
        String nativeVersion;
        try {
            nativeVersion = TensorFlow.version();
        } catch (LinkageError e) {
            throw new ModelException("the TensorFlow native library does not load on " + System.getProperty("os.name")
                    + " " + System.getProperty("os.arch") + " (" + e + "); TensorFlow Java publishes it for"
                    + " linux-x86_64, linux-arm64, macosx-arm64 and windows-x86_64", e);
        }
        report.put("TensorFlow", nativeVersion);
        report.put("TensorFlow Java", javaVersion == null ? "unknown" : javaVersion);
        report.put("native library", "loaded (" + Loader.getPlatform() + ")");
        List<String> cpus = new ArrayList<>();
        List<String> gpus = new ArrayList<>();
        for (String[] device : devices()) {
            String described = device[1] + (device[2].isEmpty() ? "" : ", " + device[2]);
            (device[0].equalsIgnoreCase("GPU") ? gpus : cpus).add(described);
        }
        report.put("devices", String.join("; ", cpus));
        report.put("GPUs", gpus.isEmpty() ? "none" : String.join("; ", gpus));
        return report;
    }

    /** Each device of a fresh session: type, name and memory. */
    private static List<String[]> devices() {
        TF_Status status = TF_NewStatus();
        TF_Graph graph = TF_NewGraph();
        TF_SessionOptions options = TF_NewSessionOptions();
        try {
            TF_Session session = TF_NewSession(graph, options, status);
            check(status, "start a session");
            try {
                TF_DeviceList list = org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices(session, status);
                check(status, "list its devices");
                try {
                    List<String[]> devices = new ArrayList<>();
                    for (int i = 0; i < TF_DeviceListCount(list); i++) {
                        String type = string(TF_DeviceListType(list, i, status));
                        String name = string(TF_DeviceListName(list, i, status));
                        long bytes = TF_DeviceListMemoryBytes(list, i, status);
                        devices.add(new String[] {type, name,
                                bytes > 0 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30)) : ""});
                    }
                    return devices;
                } finally {
                    TF_DeleteDeviceList(list);
                }
            } finally {
                TF_CloseSession(session, status);
                TF_DeleteSession(session, status);
            }
        } finally {
            TF_DeleteSessionOptions(options);
            TF_DeleteGraph(graph);
            TF_DeleteStatus(status);
        }
    }

    private static String string(BytePointer pointer) {
        return pointer == null || pointer.isNull() ? "" : pointer.getString();
    }

    private static void check(TF_Status status, String what) {
        if (TF_GetCode(status) != TF_OK) {
            throw new ModelException("TensorFlow cannot " + what + ": " + string(TF_Message(status)));
        }
    }
}
