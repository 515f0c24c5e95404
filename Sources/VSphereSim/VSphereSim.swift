// Placeholder until this layer's issue lands; keeps the package's layering in place.
public enum VSphereSimLayer { public static let name = "VSphereSim" }
