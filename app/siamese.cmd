@echo off
rem Launches the siamese CLI on the module path, on Windows: what app/siamese does on Linux and macOS (the same
rem module path, class path and JVM flags). Build first: mvnw.cmd -q -DskipTests package (from the repository root).
rem When the siamese-solr module is built (solr\target), its jar and solr\target\lib go on the class path, where the
rem search module's ServiceLoader finds the solr engine of 'siamese search --solr'.
setlocal EnableExtensions DisableDelayedExpansion
set "APP_DIR=%~dp0"
set "APP_DIR=%APP_DIR:~0,-1%"
for %%d in ("%APP_DIR%\..") do set "ROOT_DIR=%%~fd"

rem the application jar (not its -sources, -javadoc or -tests jar)
set "JAR="
for %%f in ("%APP_DIR%\target\siamese-app-*.jar") do (
  echo %%~nxf| findstr /i "sources javadoc tests" >nul || if not defined JAR set "JAR=%%~ff"
)
if not defined JAR goto not_built
if not exist "%APP_DIR%\target\lib\" goto not_built

rem Java decodes file names with the system code page on Windows; names outside it reach the application as '?'
rem (Windows' "Beta: Use Unicode UTF-8 for worldwide language support" setting makes that page UTF-8).
if not defined TF_CPP_MIN_LOG_LEVEL set "TF_CPP_MIN_LOG_LEVEL=1"

if defined JAVA (set "JAVA_CMD=%JAVA%") else (set "JAVA_CMD=java")

rem exact search and dedup compute their dot products on the JDK's Vector API (SIMD) when its incubator module is
rem added, about 1.5x faster; only the commands that run them add it (SIAMESE_VECTOR=off: never; nor on a Java
rem runtime whose image lacks the module)
set "VECTOR="
if /i "%SIAMESE_VECTOR%"=="off" goto vector_done
set "JAVA_EXE="
if exist "%JAVA_CMD%" (set "JAVA_EXE=%JAVA_CMD%") else (
  for /f "delims=" %%j in ('where "%JAVA_CMD%" 2^>nul') do if not defined JAVA_EXE set "JAVA_EXE=%%j"
)
if not defined JAVA_EXE goto vector_done
for %%j in ("%JAVA_EXE%") do set "JAVA_RELEASE=%%~dpj..\release"
findstr /l /c:"jdk.incubator.vector" "%JAVA_RELEASE%" >nul 2>&1 || goto vector_done
call :pick_vector %*
:vector_done

set "SOLR_TARGET=%ROOT_DIR%\solr\target"
set "SOLR_JAR="
for %%f in ("%SOLR_TARGET%\siamese-solr-*.jar") do (
  echo %%~nxf| findstr /i "sources javadoc tests" >nul || if not defined SOLR_JAR set "SOLR_JAR=%%~ff"
)
set "CLASS_PATH="
if defined SOLR_JAR if exist "%SOLR_TARGET%\lib\" set "CLASS_PATH=-cp "%SOLR_JAR%;%SOLR_TARGET%\lib\*""

"%JAVA_CMD%" %VECTOR% %SIAMESE_JAVA_OPTS% %CLASS_PATH% --module-path "%APP_DIR%\target\lib;%JAR%" --add-modules ALL-MODULE-PATH -m dev.siamese.app/dev.siamese.app.Main %*
exit /b %ERRORLEVEL%

:not_built
echo error: the application is not built; run: mvnw.cmd -q -DskipTests package (in %ROOT_DIR%) 1>&2
exit /b 2

rem the first argument that is not an option names the command
:pick_vector
set "ARG=%~1"
if not defined ARG exit /b 0
if "%ARG:~0,1%"=="-" (
  shift
  goto pick_vector
)
for %%c in (search dedup bench near-duplicates) do if "%ARG%"=="%%c" set "VECTOR=--add-modules jdk.incubator.vector"
exit /b 0
