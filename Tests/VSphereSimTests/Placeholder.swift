// VSphereSimTests: this layer is a placeholder until its issue lands; its tests arrive with it.
