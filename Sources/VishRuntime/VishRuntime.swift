// Placeholder until this layer's issue lands; keeps the package's layering in place.
public enum VishRuntimeLayer { public static let name = "VishRuntime" }
