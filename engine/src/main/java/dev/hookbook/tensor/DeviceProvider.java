package dev.hookbook.tensor;

import java.util.List;

/**
 * A backend's offer of devices. Backends list their provider in
 * {@code META-INF/services/dev.hookbook.tensor.DeviceProvider} and {@link Device} finds them with
 * {@link java.util.ServiceLoader}, so this package, which every backend builds on, names none of
 * them.
 */
public interface DeviceProvider {

    /** The kind of device offered: {@code "cpu"} (the one {@link Device#CPU} comes from) or {@code "opencl"}. */
    String kind();

    /** The devices of this kind on this machine, found on the first call and the same list after; may be empty. */
    List<Device> devices();

    /** Why {@link #devices()} is empty, naming what is missing; null when it is not empty. */
    String problem();
}
