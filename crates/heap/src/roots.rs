//! The seam through which the heap sees the VM's roots: interpreter frames,
//! registers, handles. The heap never knows what a frame is.
use stvm_object_model::Oop;

/// Something that holds oops the GC must keep alive and update when objects move.
pub trait RootSource {
    /// Calls `visit` once for every root slot; the GC may overwrite the slot with
    /// the object's new address.
    fn visit_roots(&mut self, visit: &mut dyn FnMut(&mut Oop));
}

/// A root source with no roots (a heap on its own).
pub struct NoRoots;

impl RootSource for NoRoots {
    fn visit_roots(&mut self, _visit: &mut dyn FnMut(&mut Oop)) {}
}

impl RootSource for Vec<Oop> {
    fn visit_roots(&mut self, visit: &mut dyn FnMut(&mut Oop)) {
        self.iter_mut().for_each(visit);
    }
}

impl RootSource for [Oop] {
    fn visit_roots(&mut self, visit: &mut dyn FnMut(&mut Oop)) {
        self.iter_mut().for_each(visit);
    }
}
