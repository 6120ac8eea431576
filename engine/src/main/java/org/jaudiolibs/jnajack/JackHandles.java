package org.jaudiolibs.jnajack;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import org.jaudiolibs.jnajack.lowlevel.JackLibrary;

/**
 * jackdesk's window into JNAJack's package-private state: the native client and port handles
 * (so that the process callback can call libjack directly without allocating) and a client open
 * that really passes a server name (JNAJack's varargs {@code openClient} ignores its arguments,
 * and its {@link JackOptions} has no {@code JackServerName}).
 *
 * <p>Thread: worker (client open and registration), never the audio thread.
 */
public final class JackHandles {
    /** Interface mapping, because only interface-mapped JNA functions can be variadic. */
    private interface ClientOpen extends Library {
        Pointer jack_client_open(String clientName, int options, IntByReference status, Object... args);

        String jack_get_client_name(Pointer client);
    }

    /** {@code JackServerName} from jack/types.h; JNAJack's {@link JackOptions} lacks it. */
    private static final int JACK_SERVER_NAME = 0x04;

    private static volatile ClientOpen clientOpen;

    private JackHandles() {
    }

    /** The outcome of {@link #open}: the client, or null with the JackStatus bits that explain why. */
    public static final class OpenResult {
        public final JackClient client;
        public final int status;

        OpenResult(JackClient client, int status) {
            this.client = client;
            this.status = status;
        }
    }

    /**
     * Opens a client without ever starting a server. {@code serverName} null means the default
     * server ({@code $JACK_DEFAULT_SERVER} or "default"). The returned client's
     * {@link JackClient#getName()} is the name the server assigned (it differs from
     * {@code clientName} when that name was taken).
     */
    public static OpenResult open(String clientName, String serverName) throws JackException {
        Jack jack = Jack.getInstance();
        ClientOpen lib = clientOpen;
        if (lib == null) {
            lib = Native.load("jack", ClientOpen.class);
            clientOpen = lib;
        }
        int options = JackOptions.JackNoStartServer.getIntValue();
        IntByReference status = new IntByReference(0);
        Pointer ptr;
        if (serverName == null) {
            ptr = lib.jack_client_open(clientName, options, status);
        } else {
            options |= JACK_SERVER_NAME;
            ptr = lib.jack_client_open(clientName, options, status, serverName);
        }
        if (ptr == null) {
            return new OpenResult(null, status.getValue());
        }
        String actualName = lib.jack_get_client_name(ptr);
        return new OpenResult(new JackClient(actualName == null ? clientName : actualName, jack,
                new JackLibrary._jack_client(ptr)), status.getValue());
    }

    /** The native {@code jack_client_t*} as an address, or 0 once the client is closed. */
    public static long clientHandle(JackClient client) {
        JackLibrary._jack_client ptr = client.clientPtr;
        return ptr == null ? 0L : Pointer.nativeValue(ptr.getPointer());
    }

    /** The native {@code jack_port_t*} as an address. */
    public static long portHandle(JackPort port) {
        return Pointer.nativeValue(port.portPtr.getPointer());
    }
}
