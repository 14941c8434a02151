//! Output: formatting the emitted tokens ([`format`](mod@format)), the header that records how a
//! file was made ([`header`]) and the atomic write ([`write`](mod@write)).

pub mod format;
pub mod header;
pub mod write;
