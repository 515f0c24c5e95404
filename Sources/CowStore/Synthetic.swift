/// Generated grain content (FORMAT.md, "Synthetic grains"): a pure function of a seed, the
/// disk it was generated for and the grain's index, so that a lab's guest image reads back
/// the same bytes on every machine without being stored.
public enum Synthetic {
    /// Fills `grain` (4 KiB: 512 words) with the content of grain `index` of `origin`.
    public static func fill(_ grain: UnsafeMutableRawBufferPointer, seed: UInt64, origin: UInt64, index: UInt64) {
        var state = seed ^ (origin &* 0x9E37_79B9_7F4A_7C15) ^ (index &* 0xC2B2_AE3D_27D4_EB4F)
        let words = grain.count / 8
        for w in 0..<words {
            // SplitMix64.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            grain.storeBytes(of: z.littleEndian, toByteOffset: w * 8, as: UInt64.self)
        }
    }

    /// The same, as a new array of `size` bytes.
    public static func grain(seed: UInt64, origin: UInt64, index: UInt64, size: Int = 4096) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: size)
        out.withUnsafeMutableBytes { fill($0, seed: seed, origin: origin, index: index) }
        return out
    }
}
