//! Training records (培训信息) of residents at their base. Issue 4 builds
//! the import on [`layout`]; the layouts and code lists exist now so that
//! `meded template training` writes the template bases will fill.

pub mod layout;
